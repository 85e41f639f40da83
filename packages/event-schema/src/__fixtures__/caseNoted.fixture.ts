import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../defineEvent';
import { personal } from '../personal';

/**
 * Test-only event type with a v1 → v2 → v3 chain (kept out of allEvents): v2 adds a required `channel`
 * that its upcaster defaults and widens `priority`; v3 renames `note` to `text` in its upcaster.
 */
const Priority1 = Type.Union([Type.Literal('low'), Type.Literal('high')]);
const Priority2 = Type.Union([Type.Literal('low'), Type.Literal('high'), Type.Literal('urgent')]);
const Channel = Type.Union([Type.Literal('phone'), Type.Literal('web')]);

const v1Schema = Type.Object(
  {
    caseId: Type.String({ minLength: 1 }),
    note: personal(Type.String({ maxLength: 200 }), 'child'),
    priority: Priority1,
    tags: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 5 })),
  },
  { additionalProperties: false },
);

export const CaseNotedV1 = defineEvent({
  type: 'test.CaseNoted',
  version: 1,
  topic: 'test.cases.v1',
  description: 'Fixture: a note on a case.',
  schema: v1Schema,
});

const v2Schema = Type.Object(
  {
    caseId: Type.String({ minLength: 1 }),
    note: personal(Type.String({ maxLength: 400 }), 'child'),
    priority: Priority2,
    channel: Channel,
    tags: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 10 })),
  },
  { additionalProperties: false },
);

export const CaseNotedV2 = defineEvent({
  type: 'test.CaseNoted',
  version: 2,
  topic: 'test.cases.v1',
  description: 'Fixture: a note on a case, with the channel it came through.',
  schema: v2Schema,
  upcast: (previous) => ({ ...(previous as Static<typeof v1Schema>), channel: 'phone' as const }),
});

export const CaseNotedV3 = defineEvent({
  type: 'test.CaseNoted',
  version: 3,
  topic: 'test.cases.v1',
  description: 'Fixture: a note on a case; `note` is now `text`.',
  schema: Type.Object(
    {
      caseId: Type.String({ minLength: 1 }),
      text: personal(Type.String({ maxLength: 400 }), 'child'),
      priority: Priority2,
      channel: Channel,
      tags: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 10 })),
    },
    { additionalProperties: false },
  ),
  upcast: (previous) => {
    const { note, ...rest } = previous as Static<typeof v2Schema>;
    return { ...rest, text: note };
  },
});

export const caseNotedChain = [CaseNotedV1, CaseNotedV2, CaseNotedV3] as const;

/** A v2 that breaks v1 readers in the way named, with an upcaster that does not repair it. */
export const brokenV2 = (change: 'required-added' | 'enum-narrowed' | 'bound-tightened' | 'type-narrowed') => {
  const base = { ...v1Schema.properties };
  const properties =
    change === 'required-added'
      ? { ...base, channel: Channel }
      : change === 'enum-narrowed'
        ? { ...base, priority: Type.Literal('high') }
        : change === 'bound-tightened'
          ? { ...base, note: personal(Type.String({ maxLength: 10 }), 'child') }
          : { ...base, caseId: Type.Integer() };
  return defineEvent({
    type: 'test.CaseNoted',
    version: 2,
    topic: 'test.cases.v1',
    description: `Fixture: an incompatible v2 (${change}).`,
    schema: Type.Object(properties, { additionalProperties: false }),
    upcast: (previous) => previous as never,
  });
};
