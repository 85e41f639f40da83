import {
  eventRegistry,
  pseudonymOf,
  toAnalyticsEvent,
  toKafkaRecord,
  type EventRegistry,
  type IncomingEvent,
} from '@carebridge/event-schema';
import type { OutgoingRecord } from '@carebridge/messaging';

/** Fields that hold a person's reference in the clear on domain topics (random or keyed refs, not marked personal). */
const PERSON_REF_KEYS = new Set(['personRef', 'childRef']);
const PERSON_DIVISION_KEYS = new Set(['division', 'locationDivision']);

type Mutable = Record<string, unknown>;

/**
 * Person references and staff subjects that the schemas leave unmarked (they are ids, not personal data, on the
 * domain topics) are still linkable to a person: analytics carries them as keyed pseudonyms too, computed the
 * same way as for marked identifiers, so one child or applicant has one pseudonym across every topic. A person's
 * unmarked county goes to its prefecture.
 */
const pseudonymiseRefs = (data: Mutable, personalPaths: ReadonlySet<string>, key: Buffer, found: Set<string>): void => {
  const walk = (node: unknown, pattern: string): void => {
    if (Array.isArray(node)) return node.forEach((item) => walk(item, `${pattern}[]`));
    if (typeof node !== 'object' || node === null) return;
    const record = node as Mutable;
    const isActor = typeof record.subject === 'string' && typeof record.role === 'string';
    // Where a person lives or was found is coarsened to the prefecture (XXXX00: still a valid code for the schema).
    const isPerson = Object.keys(record).some((k) => PERSON_REF_KEYS.has(k));
    for (const [field, value] of Object.entries(record)) {
      const path = pattern ? `${pattern}.${field}` : field;
      if (personalPaths.has(path)) {
        if (typeof value === 'string' && PERSON_REF_KEYS.has(field)) found.add(value);
        continue;
      }
      if (isPerson && PERSON_DIVISION_KEYS.has(field) && typeof value === 'string' && /^[1-9][0-9]{5}$/.test(value)) {
        record[field] = `${value.slice(0, 4)}00`;
      } else if (typeof value === 'string' && (PERSON_REF_KEYS.has(field) || (isActor && field === 'subject'))) {
        if (PERSON_REF_KEYS.has(field)) found.add(value);
        record[field] = pseudonymOf(value, key);
      } else walk(value, path);
    }
  };
  walk(data, '');
};

/** A stream id that embeds a person reference (relief grants: `…-<personRef>`) carries its pseudonym instead. */
const scrubStreamId = (streamId: string, refs: ReadonlySet<string>, key: Buffer): string =>
  [...refs].filter((r) => r.length >= 6).reduce((id, ref) => id.split(ref).join(pseudonymOf(ref, key)), streamId);

export type AnalyticsSource = Pick<
  IncomingEvent,
  'eventId' | 'type' | 'schemaVersion' | 'source' | 'streamId' | 'version' | 'time' | 'traceparent' | 'data'
>;

/**
 * The PII-free twin of a domain event, ready for `analytics.<topic>`: personal fields removed or coarsened by the
 * schema's marks (toAnalyticsEvent), person refs pseudonymised, the same ce_id so consumers can deduplicate.
 * `event.data` must be opened (clear) for identifiers to keep their pseudonyms; sealed values are dropped.
 */
export const analyticsRecordOf = (
  event: AnalyticsSource,
  topic: string,
  key: Buffer,
  registry: EventRegistry = eventRegistry,
): OutgoingRecord => {
  const clear = structuredClone(event.data) as Mutable;
  const refs = new Set<string>();
  const personal = registry.personalFields(event.type);
  pseudonymiseRefs(clear, new Set(personal.map((f) => f.path)), key, refs);
  for (const field of personal.filter((f) => f.kind === 'identifier')) {
    const value = field.path
      .split('.')
      .reduce<unknown>((n, k) => (typeof n === 'object' && n !== null ? (n as Mutable)[k] : undefined), event.data);
    if (typeof value === 'string') refs.add(value);
  }
  const scrubbed = toAnalyticsEvent({ type: event.type, data: clear }, { pseudonymKey: key, registry }).data;
  const record = toKafkaRecord(
    {
      eventId: event.eventId,
      streamId: scrubStreamId(event.streamId, refs, key),
      version: event.version,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: scrubbed,
      recordedAt: event.time,
      ...(event.traceparent ? { traceparent: event.traceparent } : {}),
    },
    { source: event.source, variant: 'analytics', registry },
  );
  return { topic, key: record.key, value: record.value, headers: record.headers };
};
