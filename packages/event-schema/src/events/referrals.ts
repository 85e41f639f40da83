import { Type } from '@sinclair/typebox';
import { defineEvent } from '../defineEvent';
import { personal } from '../personal';

/**
 * Cross-programme hand-offs ("主动发现，转介救助"): one topic, one contract.
 * The referring programme emits referral.Requested; the receiving programme turns it into its own work
 * (a draft relief application, a volunteer order, a catalog service request) and reports every step back
 * with referral.OutcomeReported, which the referring programme records on its case.
 */
export const Programme = Type.Union([
  Type.Literal('hotline'),
  Type.Literal('relief'),
  Type.Literal('dispatch'),
  Type.Literal('catalog'),
]);

const DivisionCode = Type.String({ pattern: '^[1-9][0-9]{5}$', description: 'GB/T 2260 six-digit division code' });

export const ReferralRequested = defineEvent({
  type: 'referral.Requested',
  version: 1,
  topic: 'referrals.v1',
  partitionKey: 'referralId',
  description: 'A programme refers a person to another programme for help it cannot give itself.',
  schema: Type.Object(
    {
      referralId: Type.String({ minLength: 1 }),
      from: Type.Object({
        programme: Programme,
        /** The referring case or application, e.g. the hotline case id. */
        caseId: Type.String({ minLength: 1 }),
        division: DivisionCode,
      }),
      to: Programme,
      /** What is asked, in the receiving programme's terms: a relief standard, a dispatch need, a catalog service id. */
      request: Type.Object({
        kind: Type.String({ minLength: 1 }),
        serviceId: Type.Optional(Type.String()),
        note: Type.Optional(personal(Type.String({ maxLength: 2000 }), 'person')),
      }),
      person: Type.Object({
        /** Pseudonymous, stable id of the person across programmes (keyed hash); never an ID number. */
        personRef: Type.String({ minLength: 1 }),
        name: personal(Type.String({ minLength: 1, maxLength: 100 }), 'person'),
        idNumber: Type.Optional(personal(Type.String({ pattern: '^[0-9]{17}[0-9X]$' }), 'person')),
        phone: Type.Optional(personal(Type.String({ maxLength: 30 }), 'person')),
        /** Household registration or residence division of the person. */
        division: DivisionCode,
        isChild: Type.Boolean(),
      }),
      requestedAt: Type.String({ format: 'date-time' }),
    },
    { additionalProperties: false },
  ),
});

export const ReferralOutcomeReported = defineEvent({
  type: 'referral.OutcomeReported',
  version: 1,
  topic: 'referrals.v1',
  partitionKey: 'referralId',
  description: 'The receiving programme reports a step of a referral back to the referring programme.',
  schema: Type.Object(
    {
      referralId: Type.String({ minLength: 1 }),
      from: Programme,
      to: Programme,
      /** The receiving programme's own record: application id, order id, service request id. */
      targetRef: Type.String({ minLength: 1 }),
      outcome: Type.Union([
        Type.Literal('received'),
        Type.Literal('accepted'),
        Type.Literal('declined'),
        Type.Literal('in_progress'),
        Type.Literal('approved'),
        Type.Literal('rejected'),
        Type.Literal('paid'),
        Type.Literal('completed'),
        Type.Literal('withdrawn'),
      ]),
      detail: Type.Optional(Type.String({ maxLength: 500 })),
      reportedAt: Type.String({ format: 'date-time' }),
    },
    { additionalProperties: false },
  ),
});

export const referralEvents = [ReferralRequested, ReferralOutcomeReported] as const;
