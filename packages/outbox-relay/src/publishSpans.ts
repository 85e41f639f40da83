import { context, propagation, trace, SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';
import type { StoredCommit } from '@carebridge/event-store';
import type { OutgoingRecord } from '@carebridge/messaging';

const tracer = trace.getTracer('@carebridge/outbox-relay');

export type TracedBatch = { readonly records: OutgoingRecord[]; end(error?: unknown): void };

/**
 * One PRODUCER span per commit, child of the command's trace (its stored traceparent), so the trace runs from
 * the call through the append and the publish into every consumer. The records then carry the publish span's
 * context; with no telemetry SDK registered nothing changes and the command's traceparent is sent as stored.
 */
export const tracePublish = (
  commits: readonly StoredCommit[],
  recordsOf: (commit: StoredCommit) => OutgoingRecord[],
): TracedBatch => {
  const spans: Span[] = [];
  const records = commits.flatMap((commit) => {
    const parent = propagation.extract(context.active(), commit.traceparent ? { traceparent: commit.traceparent } : {});
    const commitRecords = recordsOf(commit);
    const span = tracer.startSpan(
      `publish ${commitRecords[0]?.topic ?? 'outbox'}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.destination.name': commitRecords[0]?.topic ?? '',
          'messaging.batch.message_count': commitRecords.length,
          'carebridge.stream_id': commit.streamId,
          'carebridge.commit_id': commit.commitId,
        },
      },
      parent,
    );
    spans.push(span);
    const spanContext = trace.setSpan(parent, span);
    return commitRecords.map((record) => {
      const headers: Record<string, string> = { ...record.headers };
      propagation.inject(spanContext, headers);
      return { ...record, headers };
    });
  });
  return {
    records,
    end(error) {
      for (const span of spans) {
        if (error)
          span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
        span.end();
      }
    },
  };
};
