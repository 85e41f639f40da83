import { Type } from '@sinclair/typebox';
import { defineEvent } from '../defineEvent';
import { personal } from '../personal';
import {
  Assignee,
  At,
  CommunityCode,
  DivisionCode,
  Id,
  MENU,
  Minutes,
  ORDERS,
  Skill,
  strict,
  Window,
} from './dispatchShapes';

/** Orders (点单) from placement to feedback, and the service menu they can be placed from. */
export const OrderPlaced = defineEvent({
  type: 'dispatch.OrderPlaced',
  version: 1,
  topic: ORDERS,
  description: 'An order (点单) from a resident, a community worker or a referral.',
  schema: strict({
    orderId: Id,
    source: strict({
      kind: Type.Union([Type.Literal('resident'), Type.Literal('community_worker'), Type.Literal('referral')]),
      referralId: Type.Optional(Id),
      programme: Type.Optional(Type.String()),
      caseId: Type.Optional(Type.String()),
    }),
    need: Type.String({ minLength: 1 }),
    menuItemId: Type.Optional(Id),
    community: CommunityCode,
    window: Window,
    urgency: Type.Union([Type.Literal('routine'), Type.Literal('urgent'), Type.Literal('critical')]),
    requiredSkills: Type.Array(Skill),
    estimatedMinutes: Minutes,
    requester: strict({
      personRef: Type.Optional(Type.String()),
      name: personal(Type.String({ minLength: 1, maxLength: 100 }), 'requester'),
      phone: Type.Optional(personal(Type.String({ maxLength: 30 }), 'requester')),
      address: Type.Optional(personal(Type.String({ maxLength: 300 }), 'requester')),
    }),
    note: Type.Optional(personal(Type.String({ maxLength: 2000 }), 'requester')),
    placedBy: Id,
    placedAt: At,
  }),
});

export const OrderOffered = defineEvent({
  type: 'dispatch.OrderOffered',
  version: 1,
  topic: ORDERS,
  description:
    'The order is offered (派单) to one volunteer or team, automatically (with the reasons) or by a dispatcher.',
  schema: strict({
    orderId: Id,
    assignee: Assignee,
    by: Type.Union([Type.Literal('auto'), Type.Literal('manual')]),
    dispatcher: Type.Optional(Id),
    rank: Type.Integer({ minimum: 0 }),
    reasons: Type.Array(Type.String({ maxLength: 200 }), { maxItems: 20 }),
    expiresAt: At,
    at: At,
  }),
});

export const OfferEnded = defineEvent({
  type: 'dispatch.OfferEnded',
  version: 1,
  topic: ORDERS,
  description: 'An open offer ended without acceptance: declined, expired (timeout) or withdrawn by a dispatcher.',
  schema: strict({
    orderId: Id,
    assignee: Assignee,
    outcome: Type.Union([Type.Literal('declined'), Type.Literal('expired'), Type.Literal('withdrawn')]),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
    at: At,
  }),
});

export const OfferAccepted = defineEvent({
  type: 'dispatch.OfferAccepted',
  version: 1,
  topic: ORDERS,
  description: 'The assignee accepted the offer; the order is theirs.',
  schema: strict({ orderId: Id, assignee: Assignee, at: At }),
});

export const OrderUnfilled = defineEvent({
  type: 'dispatch.OrderUnfilled',
  version: 1,
  topic: ORDERS,
  description:
    'Dispatch found nobody; the order stays open and is reported, with how many candidates each rule ruled out.',
  schema: strict({
    orderId: Id,
    considered: Type.Integer({ minimum: 0 }),
    ruledOut: Type.Array(strict({ rule: Type.String(), count: Type.Integer({ minimum: 0 }) })),
    at: At,
  }),
});

export const OrderStarted = defineEvent({
  type: 'dispatch.OrderStarted',
  version: 1,
  topic: ORDERS,
  description: 'The assignee started the task.',
  schema: strict({ orderId: Id, at: At }),
});

export const OrderCompleted = defineEvent({
  type: 'dispatch.OrderCompleted',
  version: 1,
  topic: ORDERS,
  description: 'The task is done; actualMinutes is what gets credited to the assignee, once.',
  schema: strict({ orderId: Id, assignee: Assignee, actualMinutes: Minutes, at: At }),
});

export const OrderCancelled = defineEvent({
  type: 'dispatch.OrderCancelled',
  version: 1,
  topic: ORDERS,
  description: 'The order was cancelled by the requester or a dispatcher; any held capacity is released.',
  schema: strict({ orderId: Id, reason: Type.String({ maxLength: 500 }), by: Id, at: At }),
});

export const FeedbackGiven = defineEvent({
  type: 'dispatch.FeedbackGiven',
  version: 1,
  topic: ORDERS,
  description: 'The requester rated a completed order.',
  schema: strict({
    orderId: Id,
    rating: Type.Integer({ minimum: 1, maximum: 5 }),
    comment: Type.Optional(personal(Type.String({ maxLength: 1000 }), 'requester')),
    at: At,
  }),
});

export const MenuItemPublished = defineEvent({
  type: 'dispatch.MenuItemPublished',
  version: 1,
  topic: MENU,
  description: 'A project, course or activity residents and stations can order (Haidian-style project library).',
  schema: strict({
    itemId: Id,
    kind: Type.Union([Type.Literal('project'), Type.Literal('course'), Type.Literal('activity')]),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    need: Type.String({ minLength: 1 }),
    requiredSkills: Type.Array(Skill),
    estimatedMinutes: Minutes,
    division: DivisionCode,
    teamId: Type.Optional(Id),
    publishedAt: At,
  }),
});

export const MenuItemWithdrawn = defineEvent({
  type: 'dispatch.MenuItemWithdrawn',
  version: 1,
  topic: MENU,
  description: 'A menu item can no longer be ordered; orders already placed are unaffected.',
  schema: strict({ itemId: Id, at: At }),
});
