import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { IncomingRecord, RecordHeaders } from '../types';

/** kafkajs hands header values as Buffers (or arrays of them for repeated headers): the last one wins. */
export const decodeHeaders = (headers: IHeaders | undefined): RecordHeaders => {
  const decoded: Record<string, string> = {};
  if (!headers) return decoded;
  // for...in over the plain object kafkajs builds: Object.entries allocated a pair per header on every record.
  for (const name in headers) {
    const raw = headers[name];
    const value = Array.isArray(raw) ? raw.at(-1) : raw;
    if (value !== undefined) decoded[name] = value.toString();
  }
  return decoded;
};

export const toIncoming = (topic: string, partition: number, message: KafkaMessage): IncomingRecord => ({
  topic,
  partition,
  offset: message.offset,
  key: message.key?.toString() ?? '',
  value: message.value ?? Buffer.alloc(0),
  headers: decodeHeaders(message.headers),
  timestamp: message.timestamp,
});
