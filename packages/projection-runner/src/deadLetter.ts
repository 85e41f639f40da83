import type { IncomingRecord, OutgoingRecord } from '@carebridge/messaging';

export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;

const MAX_ERROR_TEXT = 500;

/** Error class and message only: never the event data, which may hold personal fields. */
const describe = (error: unknown): { type: string; message: string } =>
  error instanceof Error
    ? { type: error.name, message: error.message.slice(0, MAX_ERROR_TEXT) }
    : { type: typeof error, message: String(error).slice(0, MAX_ERROR_TEXT) };

/**
 * The record as it arrived (same key, value and CloudEvents headers, so it can be replayed as is), plus
 * headers naming the failure, where it came from and who gave up on it.
 */
export const deadLetterRecord = (
  record: IncomingRecord,
  consumer: string,
  error: unknown,
  attempts: number,
): OutgoingRecord => {
  const { type, message } = describe(error);
  return {
    topic: deadLetterTopic(record.topic),
    key: record.key,
    value: record.value,
    headers: {
      ...record.headers,
      dlq_error_type: type,
      dlq_error_message: message,
      dlq_origin_topic: record.topic,
      dlq_origin_partition: String(record.partition),
      dlq_origin_offset: record.offset,
      dlq_consumer: consumer,
      dlq_attempts: String(attempts),
      dlq_failed_at: new Date().toISOString(),
    },
  };
};
