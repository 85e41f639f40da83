import { cloudEventType } from '../defineEvent';
import { eventRegistry } from '../events';
import { analyticsSchemaUriOf } from '../analytics/analyticsSchema';
import { schemaUriOf } from '../publication/publishedSchema';
import type { EventRegistry } from '../registry';

/**
 * CloudEvents 1.0, Kafka protocol binding, binary content mode: attributes travel as `ce_` headers, the record
 * value is the event data itself. A small module rather than the `cloudevents` SDK: we need this exact
 * mapping (stream id as key, zero-padded sequence, W3C traceparent) and parse errors that name the header.
 */
export type OutgoingEvent = {
  readonly eventId: string;
  readonly streamId: string;
  readonly version: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: Record<string, unknown>;
  readonly recordedAt: Date;
  readonly traceparent?: string;
};

export type KafkaRecord = {
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
};

export type ToKafkaOptions = {
  /** The emitting service, e.g. `hotline` (becomes ce_source `/hotline`). */
  readonly source: string;
  /** `analytics`: the record is for an `analytics.` twin and points at the analytics schema. */
  readonly variant?: 'domain' | 'analytics';
  readonly registry?: EventRegistry;
};

export const SEQUENCE_DIGITS = 20;
const TYPE_PATTERN = /^org\.carebridge\.(.+)\.v([1-9][0-9]*)$/;
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const SEQUENCE = new RegExp(`^[0-9]{${SEQUENCE_DIGITS}}$`);

export const toKafkaRecord = (event: OutgoingEvent, options: ToKafkaOptions): KafkaRecord => {
  const registry = options.registry ?? eventRegistry;
  const definition = registry.get(event.type, event.schemaVersion);
  if (!definition) throw new Error(`unknown event type ${event.type} v${event.schemaVersion}`);
  const partitionValue = definition.partitionKey ? event.data[definition.partitionKey] : undefined;
  const key = typeof partitionValue === 'string' && partitionValue ? partitionValue : event.streamId;
  const source = options.source.startsWith('/') ? options.source : `/${options.source}`;
  return {
    key,
    value: JSON.stringify(event.data),
    headers: {
      ce_specversion: '1.0',
      ce_id: event.eventId,
      ce_type: cloudEventType(definition),
      ce_source: source,
      ce_time: event.recordedAt.toISOString(),
      ce_subject: event.streamId,
      ce_sequence: String(event.version).padStart(SEQUENCE_DIGITS, '0'),
      ce_dataschema: options.variant === 'analytics' ? analyticsSchemaUriOf(definition) : schemaUriOf(definition),
      'content-type': 'application/json',
      // The CloudEvents partitioning extension, on the topics keyed by something else than the subject: a reader
      // of the message alone learns what orders it (the Kafka binding maps partitionkey to the record key).
      ...(definition.partitionKey ? { ce_partitionkey: key } : {}),
      ...(event.traceparent ? { traceparent: event.traceparent } : {}),
    },
  };
};

/** What comes back from a Kafka record: the CloudEvent attributes our consumers use, and the data. */
export type IncomingEvent = {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly source: string;
  readonly streamId: string;
  readonly version: number;
  readonly time: Date;
  readonly dataschema?: string;
  readonly traceparent?: string;
  readonly data: Record<string, unknown>;
};

/** A record that is not a CloudEvent of ours; `header` names what is wrong (`value` for the record value). */
export class CloudEventFormatError extends Error {
  constructor(
    readonly header: string,
    message: string,
  ) {
    super(`${header}: ${message}`);
    this.name = 'CloudEventFormatError';
  }
}

type HeaderValue = Buffer | string | (Buffer | string)[] | undefined;
export type IncomingKafkaRecord = {
  readonly key?: Buffer | string | null;
  readonly value: Buffer | string | null;
  readonly headers?: Readonly<Record<string, HeaderValue>>;
};

const text = (value: HeaderValue): string | undefined => {
  const single = Array.isArray(value) ? value[0] : value;
  return single === undefined ? undefined : single.toString();
};

const JSON_CONTENT_TYPE = /^application\/json(\s*;.*)?$/;

const required = (headers: Readonly<Record<string, HeaderValue>>, name: string): string => {
  const value = text(headers[name]);
  if (value === undefined || value === '') throw new CloudEventFormatError(name, 'is missing');
  return value;
};

/** Every consumer decodes every record with this: no closures or spreads per call. */
export const fromKafkaRecord = (record: IncomingKafkaRecord): IncomingEvent => {
  const headers = record.headers ?? {};
  const specversion = required(headers, 'ce_specversion');
  if (specversion !== '1.0') throw new CloudEventFormatError('ce_specversion', `is ${specversion}; only 1.0 is read`);
  const contentType = required(headers, 'content-type');
  if (contentType !== 'application/json' && !JSON_CONTENT_TYPE.test(contentType))
    throw new CloudEventFormatError('content-type', `is ${contentType}; expected application/json`);
  const ceType = required(headers, 'ce_type');
  const typeMatch = TYPE_PATTERN.exec(ceType);
  if (!typeMatch) throw new CloudEventFormatError('ce_type', `${ceType} is not org.carebridge.<type>.v<n>`);
  const sequence = required(headers, 'ce_sequence');
  const version = Number(sequence);
  if (!SEQUENCE.test(sequence) || version < 1) {
    throw new CloudEventFormatError('ce_sequence', `${sequence} is not a ${SEQUENCE_DIGITS}-digit version >= 1`);
  }
  const timeText = required(headers, 'ce_time');
  const time = new Date(timeText);
  if (Number.isNaN(time.getTime())) throw new CloudEventFormatError('ce_time', `${timeText} is not an RFC 3339 time`);
  const traceparent = text(headers.traceparent);
  if (traceparent !== undefined && !TRACEPARENT.test(traceparent))
    throw new CloudEventFormatError('traceparent', `${traceparent} is not a W3C traceparent`);
  if (record.value === null) throw new CloudEventFormatError('value', 'is empty (a tombstone is not an event)');
  let data: unknown;
  try {
    data = JSON.parse(record.value.toString());
  } catch {
    throw new CloudEventFormatError('value', 'is not JSON');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new CloudEventFormatError('value', 'is not a JSON object');
  const dataschema = text(headers.ce_dataschema);
  const event: { -readonly [K in keyof IncomingEvent]: IncomingEvent[K] } = {
    eventId: required(headers, 'ce_id'),
    type: typeMatch[1]!,
    schemaVersion: Number(typeMatch[2]),
    source: required(headers, 'ce_source'),
    streamId: required(headers, 'ce_subject'),
    version,
    time,
    data: data as Record<string, unknown>,
  };
  if (dataschema) event.dataschema = dataschema;
  if (traceparent) event.traceparent = traceparent;
  return event;
};
