import { Type, type TObject, type TProperties } from '@sinclair/typebox';
import { defineEvent } from '../defineEvent';
import { personal } from '../personal';

/**
 * Volunteer dispatch (学雷锋志愿服务, 点单派单). Four aggregates, four topics:
 * volunteers and teams (with their task ledgers), orders, and the service menu.
 * A volunteer's or team's stream is also its ledger: reservations, confirmations, releases and credited
 * minutes live there, so one expected version serialises everything that counts against its caps.
 * Times are ISO date-times; durations are whole minutes (sums stay exact).
 */
const VOLUNTEERS = 'dispatch.volunteers.v1';
const TEAMS = 'dispatch.teams.v1';
const ORDERS = 'dispatch.orders.v1';
const MENU = 'dispatch.menu.v1';

const Id = Type.String({ minLength: 1, maxLength: 100 });
const At = Type.String({ format: 'date-time' });
const CommunityCode = Type.String({ pattern: '^[1-9][0-9]{11}$', description: '12-digit community code: county + street + community' });
const DivisionCode = Type.String({ pattern: '^[1-9][0-9]{5}$' });
const Skill = Type.String({ pattern: '^[a-z_]{2,40}$' });
const Minutes = Type.Integer({ minimum: 0, maximum: 24 * 60 });
const Window = Type.Object({ start: At, end: At }, { additionalProperties: false });
const Slot = Type.Object(
  { weekday: Type.Integer({ minimum: 1, maximum: 7 }), from: Type.String(), to: Type.String() },
  { additionalProperties: false },
);
const Caps = Type.Object(
  { maxConcurrentTasks: Type.Integer({ minimum: 1, maximum: 20 }), maxMinutesPerDay: Type.Integer({ minimum: 30, maximum: 24 * 60 }) },
  { additionalProperties: false },
);
const Assignee = Type.Object(
  { kind: Type.Union([Type.Literal('volunteer'), Type.Literal('team')]), id: Id },
  { additionalProperties: false },
);

const strict = <T extends TProperties>(properties: T): TObject<T> => Type.Object(properties, { additionalProperties: false });

export const VolunteerRegistered = defineEvent({
  type: 'dispatch.VolunteerRegistered',
  version: 1,
  topic: VOLUNTEERS,
  description: 'A person registered under their real name as a volunteer (实名注册).',
  schema: strict({
    volunteerId: Id,
    name: personal(Type.String({ minLength: 1, maxLength: 100 }), 'volunteer'),
    idNumber: personal(Type.String({ minLength: 1 }), 'volunteer', 'identifier'),
    phone: Type.Optional(personal(Type.String({ maxLength: 30 }), 'volunteer')),
    skills: Type.Array(Skill),
    homeCommunity: CommunityCode,
    servedCommunities: Type.Array(CommunityCode),
    availability: Type.Array(Slot),
    caps: Caps,
    registeredAt: At,
  }),
});

export const VolunteerProfileChanged = defineEvent({
  type: 'dispatch.VolunteerProfileChanged',
  version: 1,
  topic: VOLUNTEERS,
  description: 'A volunteer changed skills, served communities, weekly availability or caps (only the given fields).',
  schema: strict({
    volunteerId: Id,
    skills: Type.Optional(Type.Array(Skill)),
    servedCommunities: Type.Optional(Type.Array(CommunityCode)),
    availability: Type.Optional(Type.Array(Slot)),
    caps: Type.Optional(Caps),
    changedAt: At,
  }),
});

export const VolunteerSuspended = defineEvent({
  type: 'dispatch.VolunteerSuspended',
  version: 1,
  topic: VOLUNTEERS,
  description: 'A volunteer gets no new offers until reactivated; tasks already accepted stay theirs.',
  schema: strict({ volunteerId: Id, reason: Type.String({ maxLength: 500 }), at: At }),
});

export const VolunteerReactivated = defineEvent({
  type: 'dispatch.VolunteerReactivated',
  version: 1,
  topic: VOLUNTEERS,
  description: 'A suspended volunteer may be offered tasks again.',
  schema: strict({ volunteerId: Id, at: At }),
});

export const TeamFormed = defineEvent({
  type: 'dispatch.TeamFormed',
  version: 1,
  topic: TEAMS,
  description: 'A volunteer team (e.g. a company Party-member service team) with members and a leader.',
  schema: strict({
    teamId: Id,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    leaderId: Id,
    memberIds: Type.Array(Id),
    homeCommunity: CommunityCode,
    servedCommunities: Type.Array(CommunityCode),
    skills: Type.Array(Skill),
    caps: Caps,
    formedAt: At,
  }),
});

export const TeamMembersChanged = defineEvent({
  type: 'dispatch.TeamMembersChanged',
  version: 1,
  topic: TEAMS,
  description: 'The members or the leader of a team changed; the lists are the new whole.',
  schema: strict({ teamId: Id, leaderId: Id, memberIds: Type.Array(Id), changedAt: At }),
});

/** Ledger events: the same shapes on a volunteer's and on a team's stream. */
const ledgerEvents = <P extends string>(prefix: P, topic: string) => ({
  reserved: defineEvent({
    type: `dispatch.${prefix}TaskReserved` as `dispatch.${P}TaskReserved`,
    version: 1,
    topic,
    description: 'Capacity held for an offered order until the offer is accepted, declined or lapses at holdUntil.',
    schema: strict({ orderId: Id, window: Window, minutes: Minutes, holdUntil: At, at: At }),
  }),
  confirmed: defineEvent({
    type: `dispatch.${prefix}TaskConfirmed` as `dispatch.${P}TaskConfirmed`,
    version: 1,
    topic,
    description: 'The held capacity became a task: the offer was accepted.',
    schema: strict({ orderId: Id, at: At }),
  }),
  released: defineEvent({
    type: `dispatch.${prefix}TaskReleased` as `dispatch.${P}TaskReleased`,
    version: 1,
    topic,
    description: 'Held or confirmed capacity given back (declined, expired, cancelled, withdrawn, lost race).',
    schema: strict({ orderId: Id, reason: Type.String({ maxLength: 100 }), at: At }),
  }),
  credited: defineEvent({
    type: `dispatch.${prefix}HoursCredited` as `dispatch.${P}HoursCredited`,
    version: 1,
    topic,
    description: 'Actual service time of a completed order credited, once per order.',
    schema: strict({ orderId: Id, minutes: Minutes, day: Type.String({ format: 'date' }), at: At }),
  }),
});

export const volunteerLedgerEvents = ledgerEvents('Volunteer', VOLUNTEERS);
export const teamLedgerEvents = ledgerEvents('Team', TEAMS);

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
  description: 'The order is offered (派单) to one volunteer or team, automatically (with the reasons) or by a dispatcher.',
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
  description: 'Dispatch found nobody; the order stays open and is reported, with how many candidates each rule ruled out.',
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

export const dispatchEvents = [
  VolunteerRegistered,
  VolunteerProfileChanged,
  VolunteerSuspended,
  VolunteerReactivated,
  ...Object.values(volunteerLedgerEvents),
  TeamFormed,
  TeamMembersChanged,
  ...Object.values(teamLedgerEvents),
  OrderPlaced,
  OrderOffered,
  OfferEnded,
  OfferAccepted,
  OrderUnfilled,
  OrderStarted,
  OrderCompleted,
  OrderCancelled,
  FeedbackGiven,
  MenuItemPublished,
  MenuItemWithdrawn,
] as const;
