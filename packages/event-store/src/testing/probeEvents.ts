import { Type } from '@sinclair/typebox';
import { createEventRegistry, defineEvent, personal, type EventRegistry } from '@carebridge/event-schema';

/**
 * Events that exist only for the contract suite, so it never depends on a programme's schemas.
 * `testing.ProbeRecorded` has two versions (v2 adds `severity`, upcast from v1); `testing.SubjectNoted`
 * carries a personal field, as most programme events do.
 */
const probeV1Schema = Type.Object({ probeId: Type.String({ minLength: 1 }), note: Type.String() });

export const ProbeRecordedV1 = defineEvent({
  type: 'testing.ProbeRecorded',
  version: 1,
  schema: probeV1Schema,
  topic: 'testing.probes.v1',
  description: 'A probe was recorded (first version).',
});

export const ProbeRecordedV2 = defineEvent({
  type: 'testing.ProbeRecorded',
  version: 2,
  schema: Type.Object({
    probeId: Type.String({ minLength: 1 }),
    note: Type.String(),
    severity: Type.Union([Type.Literal('low'), Type.Literal('high')]),
  }),
  topic: 'testing.probes.v1',
  description: 'A probe was recorded, with a severity.',
  // Probes recorded before severity existed were all routine ones.
  upcast: (previous) => ({
    probeId: String(previous.probeId),
    note: String(previous.note),
    severity: 'low' as const,
  }),
});

export const SubjectNoted = defineEvent({
  type: 'testing.SubjectNoted',
  version: 1,
  schema: Type.Object({
    probeId: Type.String({ minLength: 1 }),
    subjectName: personal(Type.String({ minLength: 1 }), 'child'),
  }),
  topic: 'testing.subjects.v1',
  description: 'A named subject was noted on a probe.',
});

/** The registry as it was before ProbeRecorded v2: a store built on it writes v1 events. */
export const probeRegistryV1: EventRegistry = createEventRegistry([ProbeRecordedV1, SubjectNoted]);
/** The current registry: reads upcast v1 probes to v2. */
export const probeRegistry: EventRegistry = createEventRegistry([ProbeRecordedV1, ProbeRecordedV2, SubjectNoted]);

export const probe = (probeId: string, note = 'routine', severity: 'low' | 'high' = 'high') => ({
  type: ProbeRecordedV2.type,
  data: { probeId, note, severity },
});
