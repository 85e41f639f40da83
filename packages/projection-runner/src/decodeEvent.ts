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
  return {
    ...event,
    schemaVersion: upcast.version,
    data: upcast.data,
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
  };
};
