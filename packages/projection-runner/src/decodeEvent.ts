import { fromKafkaRecord, type EventRegistry } from '@carebridge/event-schema';
import type { IncomingRecord } from '@carebridge/messaging';
import type { ProjectionEvent } from './projection';

/**
 * CloudEvent → projection event. Known types are upcast to their latest version; an unknown type (a newer
 * producer) is handed over as it came, for the projection to ignore. Format errors throw CloudEventFormatError.
 */
export const decodeEvent = (record: IncomingRecord, registry?: EventRegistry): ProjectionEvent => {
  const event = fromKafkaRecord(record);
  const upcast = registry && registry.versionsOf(event.type).length > 0
    ? registry.upcast(event.type, event.schemaVersion, event.data)
    : { version: event.schemaVersion, data: event.data };
  // Built field by field: spreading the decoded event cost more than decoding it (a hot path of every consumer).
  const decoded: { -readonly [K in keyof ProjectionEvent]: ProjectionEvent[K] } = {
    eventId: event.eventId,
    type: event.type,
    schemaVersion: upcast.version,
    source: event.source,
    streamId: event.streamId,
    version: event.version,
    time: event.time,
    data: upcast.data,
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
  };
  if (event.dataschema !== undefined) decoded.dataschema = event.dataschema;
  if (event.traceparent !== undefined) decoded.traceparent = event.traceparent;
  return decoded;
};
