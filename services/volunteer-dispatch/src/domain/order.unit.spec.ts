import { DomainRuleError, NotFoundError } from '@carebridge/decider';
import { DeciderSpecification } from '@carebridge/decider/testing';
import { orderDecider, type OrderCommand, type OrderEvent } from './order';

const spec = DeciderSpecification.for(orderDecider);
const V1 = { kind: 'volunteer', id: 'v1' } as const;
const V2 = { kind: 'volunteer', id: 'v2' } as const;
const T = (hhmm: string) => `2020-02-17T${hhmm}:00.000Z`;

const placed: OrderEvent = {
  type: 'dispatch.OrderPlaced',
  data: {
    orderId: 'o1',
    source: { kind: 'resident' },
    need: 'medicine_delivery',
    community: '420102012001',
    window: { start: T('06:30'), end: T('09:30') },
    urgency: 'urgent',
    requiredSkills: ['pharmacy'],
    estimatedMinutes: 180,
    requester: { name: 'sealed-at-rest' },
    placedBy: 'resident-1',
    placedAt: T('01:00'),
  },
};
const offeredTo = (assignee: typeof V1 | typeof V2, expiresAt = T('01:15')): OrderEvent => ({
  type: 'dispatch.OrderOffered',
  data: { orderId: 'o1', assignee, by: 'auto', rank: 0, reasons: [], expiresAt, at: T('01:00') },
});
const ended = (assignee: typeof V1, outcome: 'declined' | 'expired' | 'withdrawn', at = T('01:15')): OrderEvent => ({
  type: 'dispatch.OfferEnded',
  data: { orderId: 'o1', assignee, outcome, at },
});
const accepted: OrderEvent = { type: 'dispatch.OfferAccepted', data: { orderId: 'o1', assignee: V1, at: T('01:05') } };
const completed: OrderEvent = {
  type: 'dispatch.OrderCompleted',
  data: { orderId: 'o1', assignee: V1, actualMinutes: 450, at: T('14:00') },
};
const offerV2: Extract<OrderCommand, { kind: 'offer' }> = {
  kind: 'offer',
  assignee: V2,
  by: 'auto',
  rank: 0,
  reasons: [],
  expiresAt: T('01:30'),
  now: T('01:15'),
};

describe('order: offers, timeout and re-dispatch', () => {
  it('an offer not answered in time expires', () =>
    spec
      .given([placed, offeredTo(V1)])
      .when({ kind: 'expire', now: T('01:15') })
      .then([ended(V1, 'expired')]));
  it('an offer still within its time does not expire', () =>
    spec
      .given([placed, offeredTo(V1)])
      .when({ kind: 'expire', now: T('01:14') })
      .thenNothingHappened());
  it('after the timeout the order goes to the next candidate', () =>
    spec
      .given([placed, offeredTo(V1), ended(V1, 'expired')])
      .when(offerV2)
      .then([
        {
          type: 'dispatch.OrderOffered',
          data: {
            orderId: 'o1',
            assignee: V2,
            by: 'auto',
            rank: 0,
            reasons: [],
            expiresAt: T('01:30'),
            at: T('01:15'),
          },
        },
      ]));
  it('automatic dispatch does not ask again whoever let it lapse', () =>
    spec
      .given([placed, offeredTo(V1), ended(V1, 'expired')])
      .when({ ...offerV2, assignee: V1 })
      .thenThrows(DomainRuleError, /declined or let the offer lapse/));
  it('a dispatcher may override and ask them again', () =>
    spec
      .given([placed, offeredTo(V1), ended(V1, 'declined')])
      .when({ ...offerV2, assignee: V1, by: 'manual', dispatcher: 'd1' })
      .then([
        {
          type: 'dispatch.OrderOffered',
          data: {
            orderId: 'o1',
            assignee: V1,
            by: 'manual',
            dispatcher: 'd1',
            rank: 0,
            reasons: [],
            expiresAt: T('01:30'),
            at: T('01:15'),
          },
        },
      ]));
  it('an order is never offered to a second volunteer while an offer is open', () =>
    spec
      .given([placed, offeredTo(V1)])
      .when(offerV2)
      .thenThrows(DomainRuleError, /not open/));
  it('accepting after the timeout is refused', () =>
    spec
      .given([placed, offeredTo(V1)])
      .when({ kind: 'accept', assignee: V1, now: T('01:15') })
      .thenThrows(DomainRuleError, /expired/));
  it('only the volunteer offered can accept', () =>
    spec
      .given([placed, offeredTo(V1)])
      .when({ kind: 'accept', assignee: V2, now: T('01:05') })
      .thenThrows(DomainRuleError, /no open offer/));
  it('a declined offer reopens the order', () =>
    spec
      .given([placed, offeredTo(V1)])
      .when({ kind: 'decline', assignee: V1, reason: 'in quarantine', now: T('01:05') })
      .then([
        {
          type: 'dispatch.OfferEnded',
          data: { orderId: 'o1', assignee: V1, outcome: 'declined', reason: 'in quarantine', at: T('01:05') },
        },
      ]));
});

describe('order: nobody available', () => {
  const report: OrderCommand = {
    kind: 'reportUnfilled',
    considered: 3,
    ruledOut: [{ rule: 'skills', count: 3 }],
    now: T('01:00'),
  };
  const unfilled: OrderEvent = {
    type: 'dispatch.OrderUnfilled',
    data: { orderId: 'o1', considered: 3, ruledOut: [{ rule: 'skills', count: 3 }], at: T('01:00') },
  };
  it('is reported, and the order stays open', () => spec.given([placed]).when(report).then([unfilled]));
  it('is not reported again while nothing changed', () =>
    spec.given([placed, unfilled]).when(report).thenNothingHappened());
  it('an unfilled order can still be offered later', () =>
    spec
      .given([placed, unfilled])
      .when({ ...offerV2, now: T('02:00') })
      .then([
        {
          type: 'dispatch.OrderOffered',
          data: {
            orderId: 'o1',
            assignee: V2,
            by: 'auto',
            rank: 0,
            reasons: [],
            expiresAt: T('01:30'),
            at: T('02:00'),
          },
        },
      ]));
});

describe('order: a referred order reports back', () => {
  const referred: OrderEvent = {
    ...placed,
    data: { ...placed.data, source: { kind: 'referral', referralId: 'r1', programme: 'hotline', caseId: 'c1' } },
  };
  const outcome = (outcome: string, at: string, detail?: string) => ({
    type: 'referral.OutcomeReported',
    data: {
      referralId: 'r1',
      from: 'hotline',
      to: 'dispatch',
      targetRef: 'o1',
      outcome,
      ...(detail ? { detail } : {}),
      reportedAt: at,
    },
  });
  it('completion goes back to the hotline in the same append', () =>
    spec
      .given([referred, offeredTo(V1), accepted])
      .when({ kind: 'complete', actualMinutes: 450, now: T('14:00') })
      .then([completed, outcome('completed', T('14:00'))] as OrderEvent[]));
  it('a resident order reports to nobody', () =>
    spec
      .given([placed, offeredTo(V1), accepted])
      .when({ kind: 'complete', actualMinutes: 450, now: T('14:00') })
      .then([completed]));
  it('cancellation is a withdrawal for the referrer', () =>
    spec
      .given([referred])
      .when({ kind: 'cancel', reason: 'family came', by: 'd1', now: T('02:00') })
      .then([
        { type: 'dispatch.OrderCancelled', data: { orderId: 'o1', reason: 'family came', by: 'd1', at: T('02:00') } },
        outcome('withdrawn', T('02:00'), 'family came'),
      ] as OrderEvent[]));
});

describe('order: doing the work', () => {
  it('completes once with the actual time', () =>
    spec
      .given([placed, offeredTo(V1), accepted])
      .when({ kind: 'complete', actualMinutes: 450, now: T('14:00') })
      .then([completed]));
  it('a second completion is refused: hours are credited once', () =>
    spec
      .given([placed, offeredTo(V1), accepted, completed])
      .when({ kind: 'complete', actualMinutes: 60, now: T('15:00') })
      .thenThrows(DomainRuleError, /credited once/));
  it('only the assignee starts the task', () =>
    spec
      .given([placed, offeredTo(V1), accepted])
      .when({ kind: 'start', assignee: V2, now: T('06:30') })
      .thenThrows(DomainRuleError, /assignee/));
  it('cannot cancel a completed order', () =>
    spec
      .given([placed, offeredTo(V1), accepted, completed])
      .when({ kind: 'cancel', reason: 'x', by: 'd1', now: T('15:00') })
      .thenThrows(DomainRuleError, /completed/));
  it('feedback once, on a completed order', () =>
    spec
      .given([placed, offeredTo(V1), accepted, completed])
      .when({ kind: 'feedback', rating: 5, now: T('16:00') })
      .then([{ type: 'dispatch.FeedbackGiven', data: { orderId: 'o1', rating: 5, at: T('16:00') } }]));
  it('unknown order', () =>
    spec
      .given([])
      .when({ kind: 'expire', now: T('01:00') })
      .thenThrows(NotFoundError));
});
