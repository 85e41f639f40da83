import type { IncomingRecord, OutgoingRecord } from '@carebridge/messaging';

/** Counts how often a record went back to its origin topic; kept when it dead-letters again. */
export const REPLAY_COUNT_HEADER = 'dlq_replay_count';

const DLQ_SUFFIX = '.dlq';

export type ReplayFilter = {
  /** Exact CloudEvents type, e.g. org.carebridge.relief.ApplicationSubmitted.v1. */
  readonly ceType?: string;
  /** Only records dead-lettered at or after this instant. */
  readonly since?: Date;
};

/** What an operator may see of a dead letter: where it came from and why it failed, never its value. */
export type DeadLetterSummary = {
  readonly partition: number;
  readonly offset: string;
  readonly ceType: string | undefined;
  readonly ceId: string | undefined;
  readonly origin: string | undefined;
  readonly consumer: string | undefined;
  readonly errorType: string | undefined;
  readonly errorMessage: string | undefined;
  readonly attempts: number | undefined;
  readonly failedAt: string | undefined;
  readonly replayCount: number;
};

export const originTopicOf = (dlqTopic: string): string => {
  if (!dlqTopic.endsWith(DLQ_SUFFIX) || dlqTopic.length === DLQ_SUFFIX.length) {
    throw new Error(`--topic must name a dead-letter topic (<topic>${DLQ_SUFFIX}); got ${JSON.stringify(dlqTopic)}`);
  }
  return dlqTopic.slice(0, -DLQ_SUFFIX.length);
};

const count = (raw: string | undefined): number | undefined =>
  raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;

export const summarize = (record: IncomingRecord): DeadLetterSummary => {
  const h = record.headers;
  const origin = h.dlq_origin_topic;
  return {
    partition: record.partition,
    offset: record.offset,
    ceType: h.ce_type,
    ceId: h.ce_id,
    origin:
      origin === undefined ? undefined : `${origin}[${h.dlq_origin_partition ?? '?'}]@${h.dlq_origin_offset ?? '?'}`,
    consumer: h.dlq_consumer,
    errorType: h.dlq_error_type,
    errorMessage: h.dlq_error_message,
    attempts: count(h.dlq_attempts),
    failedAt: h.dlq_failed_at,
    replayCount: count(h[REPLAY_COUNT_HEADER]) ?? 0,
  };
};

export const matches = (record: IncomingRecord, filter: ReplayFilter): boolean => {
  if (filter.ceType !== undefined && record.headers.ce_type !== filter.ceType) return false;
  if (filter.since !== undefined) {
    const failedAt = Date.parse(record.headers.dlq_failed_at ?? '') || Number(record.timestamp);
    if (!(failedAt >= filter.since.getTime())) return false;
  }
  return true;
};

/**
 * The record to send back: to the ORIGIN topic, with the original key, value and CloudEvents headers (so
 * consumers recognise it by ce_id), the failure headers dropped, the replay count raised by one. Only a record
 * whose origin is the topic this dead-letter topic belongs to goes back: a header cannot aim it elsewhere.
 */
export const replayRecordOf = (record: IncomingRecord): OutgoingRecord => {
  const expected = originTopicOf(record.topic);
  const origin = record.headers.dlq_origin_topic;
  if (origin !== expected) {
    throw new Error(
      `dead letter ${record.topic}[${record.partition}]@${record.offset} names origin ${JSON.stringify(origin)}, expected ${expected}`,
    );
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.headers)) if (!name.startsWith('dlq_')) headers[name] = value;
  headers[REPLAY_COUNT_HEADER] = String((count(record.headers[REPLAY_COUNT_HEADER]) ?? 0) + 1);
  return { topic: origin, key: record.key, value: record.value, headers };
};
