import { Type, type TSchema } from '@sinclair/typebox';
import { defineEvent } from '../defineEvent';
import { personal, type PersonalKind } from '../personal';

/**
 * 12349 child rescue and protection hotline. Every personal field is marked `child`: the whole record is
 * about one child and is sealed with that child's key, so destroying the key erases it everywhere.
 * At rest each personal field holds a sealed envelope (see sealedValue.ts); these schemas describe the clear value.
 */
const Division = Type.String({ pattern: '^[1-9][0-9]{5}$' });
const Instant = Type.String({ format: 'date-time' });
const child = <T extends TSchema>(schema: T, kind: PersonalKind = 'data'): T => personal(schema, 'child', kind);
const Secret = child(Type.String({ minLength: 1, maxLength: 4000 }));

export const HotlineCaseType = Type.Union([
  Type.Literal('rights_violation'),
  Type.Literal('living_hardship'),
  Type.Literal('psychological_support'),
  Type.Literal('policy_consultation'),
  Type.Literal('assistance_referral'),
]);
export const HotlineUrgency = Type.Union([Type.Literal('emergency'), Type.Literal('urgent'), Type.Literal('normal')]);
export const HotlineTier = Type.Union([Type.Literal('county'), Type.Literal('prefecture'), Type.Literal('province')]);
export const HotlineDeadlineStage = Type.Union([
  Type.Literal('acceptance'),
  Type.Literal('firstAction'),
  Type.Literal('reply'),
  Type.Literal('resolution'),
]);
const By = Type.Object({ subject: Type.String({ minLength: 1 }), role: Type.String(), division: Division });

const ChildRecord = Type.Object({
  /** Random, stable id of the child inside the hotline; names the child's key. Never derived from an ID number. */
  childRef: Type.String({ minLength: 1 }),
  name: child(Type.String({ minLength: 1, maxLength: 100 })),
  age: Type.Optional(child(Type.Integer({ minimum: 0, maximum: 17 }), 'age')),
  birthDate: Type.Optional(child(Type.String({ format: 'date' }), 'birthDate')),
  idNumber: Type.Optional(child(Type.String({ pattern: '^[1-9][0-9]{16}[0-9X]$' }), 'identifier')),
  locationDivision: Division,
  locationDetail: Type.Optional(Secret),
});

export const HotlineContactRecorded = defineEvent({
  type: 'hotline.ContactRecorded',
  version: 1,
  topic: 'hotline.contacts.v1',
  description: 'A call, web message or walk-in about a child was taken by the prefecture intake desk.',
  schema: Type.Object(
    {
      contactId: Type.String({ minLength: 1 }),
      channel: Type.Union([Type.Literal('phone'), Type.Literal('web'), Type.Literal('walk_in')]),
      prefecture: Division,
      caller: Type.Object({
        name: Type.Optional(child(Type.String({ minLength: 1, maxLength: 100 }))),
        phone: Type.Optional(child(Type.String({ minLength: 1, maxLength: 30 }))),
        relation: Type.String({ minLength: 1, maxLength: 40 }),
        anonymous: Type.Boolean(),
      }),
      child: ChildRecord,
      caseType: HotlineCaseType,
      urgency: HotlineUrgency,
      narrative: Secret,
      receivedAt: Instant,
      recordedBy: By,
    },
    { additionalProperties: false },
  ),
});

export const HotlineContactLinked = defineEvent({
  type: 'hotline.ContactLinked',
  version: 1,
  topic: 'hotline.contacts.v1',
  description: 'A contact became part of a case; a contact belongs to one case only.',
  schema: Type.Object(
    { contactId: Type.String(), caseId: Type.String(), at: Instant },
    { additionalProperties: false },
  ),
});

const Due = Type.Object({ stage: HotlineDeadlineStage, dueAt: Instant, owner: HotlineTier });

export const HotlineCaseOpened = defineEvent({
  type: 'hotline.CaseOpened',
  version: 1,
  topic: 'hotline.cases.v1',
  description: 'The prefecture opened a case from one or more contacts; deadlines start from here.',
  schema: Type.Object(
    {
      caseId: Type.String({ minLength: 1 }),
      contactIds: Type.Array(Type.String(), { minItems: 1 }),
      province: Division,
      prefecture: Division,
      child: ChildRecord,
      caseType: HotlineCaseType,
      urgency: HotlineUrgency,
      ruleVersion: Type.String(),
      deadlines: Type.Array(Due),
      openedAt: Instant,
      openedBy: By,
    },
    { additionalProperties: false },
  ),
});

export const HotlineCaseAssigned = defineEvent({
  type: 'hotline.CaseAssigned',
  version: 1,
  topic: 'hotline.cases.v1',
  description: 'The case was assigned to the county (district) where the child is, which handles it on the ground.',
  schema: Type.Object(
    { caseId: Type.String(), county: Division, assignedAt: Instant, assignedBy: By },
    { additionalProperties: false },
  ),
});

export const HotlineCaseAccepted = defineEvent({
  type: 'hotline.CaseAccepted',
  version: 1,
  topic: 'hotline.cases.v1',
  description: 'The county accepted the case; `late` when after the acceptance deadline.',
  schema: Type.Object(
    {
      caseId: Type.String(),
      county: Division,
      acceptedAt: Instant,
      acceptedBy: By,
      dueAt: Instant,
      late: Type.Boolean(),
      deadlines: Type.Array(Due),
    },
    { additionalProperties: false },
  ),
});

export const HotlineActionRecorded = defineEvent({
  type: 'hotline.ActionRecorded',
  version: 1,
  topic: 'hotline.cases.v1',
  description: 'Something was done for the child: a visit, counselling, police or medical involvement, a placement.',
  schema: Type.Object(
    {
      caseId: Type.String(),
      actionId: Type.String({ minLength: 1 }),
      kind: Type.Union([
        Type.Literal('visit'),
        Type.Literal('counselling'),
        Type.Literal('police_involvement'),
        Type.Literal('medical_involvement'),
        Type.Literal('placement'),
      ]),
      note: Secret,
      at: Instant,
      by: By,
    },
    { additionalProperties: false },
  ),
});

export const HotlineCaseReferred = defineEvent({
  type: 'hotline.CaseReferred',
  version: 1,
  topic: 'hotline.cases.v1',
  description: 'The case was referred to another hotline or to another programme of the suite.',
  schema: Type.Object(
    {
      caseId: Type.String(),
      referralId: Type.String({ minLength: 1 }),
      target: Type.Union([
        Type.Object({
          kind: Type.Literal('hotline'),
          number: Type.Union([
            Type.Literal('110'),
            Type.Literal('120'),
            Type.Literal('12345'),
            Type.Literal('12338'),
            Type.Literal('12355'),
          ]),
        }),
        Type.Object({
          kind: Type.Literal('programme'),
          programme: Type.Union([Type.Literal('relief'), Type.Literal('dispatch'), Type.Literal('catalog')]),
          request: Type.String({ minLength: 1 }),
          serviceId: Type.Optional(Type.String()),
        }),
      ]),
      note: Type.Optional(Secret),
      at: Instant,
      by: By,
    },
    { additionalProperties: false },
  ),
});

export const HotlineReferralOutcomeRecorded = defineEvent({
  type: 'hotline.ReferralOutcomeRecorded',
  version: 1,
  topic: 'hotline.cases.v1',
  description: 'What the hotline or programme the case was referred to reported back.',
  schema: Type.Object(
    {
      caseId: Type.String(),
      referralId: Type.String(),
      outcome: Type.String({ minLength: 1 }),
      targetRef: Type.Optional(Type.String()),
      detail: Type.Optional(Type.String({ maxLength: 500 })),
      reportedAt: Instant,
      recordedAt: Instant,
    },
    { additionalProperties: false },
  ),
});

export const HotlineReplyRecorded = defineEvent({
  type: 'hotline.ReplyRecorded',
  version: 1,
  topic: 'hotline.cases.v1',
  description: 'The unified reply (统一回复) was given to the caller; a case cannot close without one.',
  schema: Type.Object(
    {
      caseId: Type.String(),
      channel: Type.Union([
        Type.Literal('phone'),
        Type.Literal('web'),
        Type.Literal('walk_in'),
        Type.Literal('letter'),
      ]),
      summary: Secret,
      at: Instant,
      by: By,
    },
    { additionalProperties: false },
  ),
});

export const HotlineCaseClosed = defineEvent({
  type: 'hotline.CaseClosed',
  version: 1,
  topic: 'hotline.cases.v1',
  description: 'The case was closed with an outcome.',
  schema: Type.Object(
    {
      caseId: Type.String(),
      outcome: Type.Union([
        Type.Literal('resolved'),
        Type.Literal('referred'),
        Type.Literal('consultation_answered'),
        Type.Literal('no_further_action'),
      ]),
      summary: Secret,
      at: Instant,
      by: By,
    },
    { additionalProperties: false },
  ),
});

export const HotlineCaseReopened = defineEvent({
  type: 'hotline.CaseReopened',
  version: 1,
  topic: 'hotline.cases.v1',
  description: 'A closed case was reopened; a new reply and resolution are due.',
  schema: Type.Object(
    { caseId: Type.String(), reason: Secret, at: Instant, by: By, deadlines: Type.Array(Due) },
    { additionalProperties: false },
  ),
});

export const HotlineDeadlineBreached = defineEvent({
  type: 'hotline.DeadlineBreached',
  version: 1,
  topic: 'hotline.cases.v1',
  description: 'A stage of the case was not done by its deadline.',
  schema: Type.Object(
    { caseId: Type.String(), stage: HotlineDeadlineStage, owner: HotlineTier, dueAt: Instant, detectedAt: Instant },
    { additionalProperties: false },
  ),
});

export const HotlineCaseEscalated = defineEvent({
  type: 'hotline.CaseEscalated',
  version: 1,
  topic: 'hotline.cases.v1',
  description: 'An overdue case was raised to the level above (county → prefecture → province); once per level.',
  schema: Type.Object(
    { caseId: Type.String(), to: HotlineTier, division: Division, stage: HotlineDeadlineStage, at: Instant },
    { additionalProperties: false },
  ),
});

export const HotlineCasePurged = defineEvent({
  type: 'hotline.CasePurged',
  version: 1,
  topic: 'hotline.cases.v1',
  description:
    "The closed case's retention period ran out and its record key was destroyed: its sealed fields no longer open anywhere. The child's other records are untouched; read models drop what they hold of the case.",
  schema: Type.Object(
    {
      caseId: Type.String(),
      closedAt: Instant,
      /** The retention period applied, in minutes after closure, and the rule version it was read from. */
      retentionMinutes: Type.Integer({ minimum: 0 }),
      ruleVersion: Type.String(),
      purgedAt: Instant,
    },
    { additionalProperties: false },
  ),
});

export const HotlineCaseAccessed = defineEvent({
  type: 'hotline.CaseAccessed',
  version: 1,
  topic: 'hotline.audit.v1',
  description: 'Audit: who read or tried to touch a case or contact, and whether it was allowed.',
  schema: Type.Object(
    {
      target: Type.String({ minLength: 1 }),
      rpc: Type.String({ minLength: 1 }),
      subject: Type.String(),
      roles: Type.Array(Type.String()),
      division: Type.String(),
      decision: Type.Union([Type.Literal('allowed'), Type.Literal('refused')]),
      reason: Type.Optional(Type.String()),
      at: Instant,
    },
    { additionalProperties: false },
  ),
});

export const hotlineEvents = [
  HotlineContactRecorded,
  HotlineContactLinked,
  HotlineCaseOpened,
  HotlineCaseAssigned,
  HotlineCaseAccepted,
  HotlineActionRecorded,
  HotlineCaseReferred,
  HotlineReferralOutcomeRecorded,
  HotlineReplyRecorded,
  HotlineCaseClosed,
  HotlineCaseReopened,
  HotlineDeadlineBreached,
  HotlineCaseEscalated,
  HotlineCasePurged,
  HotlineCaseAccessed,
] as const;
