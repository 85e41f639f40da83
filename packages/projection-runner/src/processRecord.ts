import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { DocumentCollection } from '@carebridge/document-store';
import { CloudEventFormatError, type EventRegistry } from '@carebridge/event-schema';
import { recordContext, type Batch, type IncomingRecord, type Publisher } from '@carebridge/messaging';
import { deadLetterRecord } from './deadLetter';
import { decodeEvent } from './decodeEvent';
import type { Inbox } from './inbox';
import type { Projection, ProjectionContext, ProjectionEvent } from './projection';
import { pauseWithHeartbeat, retryDelay, type RetryPolicy } from './retryPolicy';

const tracer = trace.getTracer('@carebridge/projection-runner');

export type Outcome = 'applied' | 'dead-lettered';

export type RecordProcessor = {
  readonly projection: Projection;
  readonly consumer: string;
  readonly publisher: Publisher;
  readonly retry: RetryPolicy;
  readonly registry?: EventRegistry;
  readonly inbox?: Inbox;
};

/** What a handler gets; a class rather than closures, because one is made for every record a consumer reads. */
class RecordContext implements ProjectionContext {
  readonly source: ProjectionContext['source'];
  constructor(
    private readonly p: RecordProcessor,
    private readonly event: ProjectionEvent,
    readonly record: IncomingRecord,
    readonly attempt: number,
  ) {
    this.source = { stream: event.streamId, version: event.version };
  }
  applyOnce<T extends { id: string }>(
    collection: DocumentCollection<T>,
    id: string,
    change: (current: T | undefined) => T | undefined,
  ) {
    return collection.applyOnce(id, this.source, change);
  }
  async once(effect: () => Promise<void>): Promise<'done' | 'skipped'> {
    const { p, event } = this;
    if (!p.inbox) throw new Error(`projection ${p.projection.name} runs without an inbox: side effects need one`);
    if (await p.inbox.seen(event.source, event.eventId)) return 'skipped';
    await effect();
    await p.inbox.record(event.source, event.eventId);
    return 'done';
  }
}

/**
 * One record: decode, handle with bounded retries and exponential backoff (heartbeating while it waits), then
 * give up to `<topic>.dlq` and move on. A malformed record cannot improve with retries: it goes there at once.
 */
export const processRecord = async (p: RecordProcessor, record: IncomingRecord, batch: Batch): Promise<Outcome> => {
  let event: ProjectionEvent;
  try {
    event = decodeEvent(record, p.registry);
  } catch (error) {
    if (!(error instanceof CloudEventFormatError)) throw error;
    await p.publisher.send([deadLetterRecord(record, p.consumer, error, 1)]);
    return 'dead-lettered';
  }
  const parent = recordContext(record.headers, context.active());
  for (let attempt = 1; ; attempt++) {
    const span = tracer.startSpan(`process ${record.topic}`, { kind: SpanKind.CONSUMER }, parent);
    // Attributes only for a span that is recorded: building them for every record costs when tracing is off.
    if (span.isRecording()) {
      span.setAttributes({
        'messaging.system': 'kafka',
        'messaging.consumer.group.name': p.consumer,
        'messaging.destination.name': record.topic,
        'messaging.destination.partition.id': String(record.partition),
        'messaging.kafka.offset': Number(record.offset),
        'messaging.message.id': event.eventId,
        'carebridge.projection': p.projection.name,
        'carebridge.attempt': attempt,
      });
    }
    try {
      await context.with(trace.setSpan(parent, span), () =>
        p.projection.handle(event, new RecordContext(p, event, record, attempt)),
      );
      span.end();
      return 'applied';
    } catch (error) {
      // The name only: an error's message may quote the event's personal data, and spans leave the process.
      span.recordException({ name: error instanceof Error ? error.name : typeof error });
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
      span.end();
      if (attempt >= p.retry.attempts) {
        await p.publisher.send([deadLetterRecord(record, p.consumer, error, attempt)]);
        return 'dead-lettered';
      }
      await pauseWithHeartbeat(retryDelay(p.retry, attempt), () => batch.heartbeat());
    }
  }
};
