import { fromKafkaRecord, type EventRegistry } from '@carebridge/event-schema';
import type { IncomingRecord } from '@carebridge/messaging';
import type { ProjectionEvent } from './projection';

/**
 * CloudEvent → projection event. Known types are upcast to their latest version; an unknown type (a newer
 * producer) is handed over as it came, for the projection to ignore. Format errors throw CloudEventFormatError.
 */
export const decodeEvent = (record: IncomingRecord, registry?: EventRegistry): ProjectionEvent => {
  // fromKafkaRecord made this object for us alone: it is completed in place, not copied (every record of every
  // consumer passes here, and a copy per record was a measurable share of the runner's cost).
  const event = fromKafkaRecord(record) as { -readonly [K in keyof ProjectionEvent]: ProjectionEvent[K] };
  if (registry && registry.versionsOf(event.type).length > 0) {
    const upcast = registry.upcast(event.type, event.schemaVersion, event.data);
    event.schemaVersion = upcast.version;
    event.data = upcast.data;
  }
  event.topic = record.topic;
  event.partition = record.partition;
  event.offset = record.offset;
  return event;
};
