import { Type } from '@sinclair/typebox';
import { defineEvent } from '../defineEvent';
import { personal } from '../personal';
import { At, Caps, CommunityCode, Id, Minutes, Skill, Slot, strict, TEAMS, VOLUNTEERS, Window } from './dispatchShapes';

/** Volunteers and teams; each one's stream is also its task ledger. */
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
    type: `dispatch.${prefix}TaskReserved`,
    version: 1,
    topic,
    description: 'Capacity held for an offered order until the offer is accepted, declined or lapses at holdUntil.',
    schema: strict({ orderId: Id, window: Window, minutes: Minutes, holdUntil: At, at: At }),
  }),
  confirmed: defineEvent({
    type: `dispatch.${prefix}TaskConfirmed`,
    version: 1,
    topic,
    description: 'The held capacity became a task: the offer was accepted.',
    schema: strict({ orderId: Id, at: At }),
  }),
  released: defineEvent({
    type: `dispatch.${prefix}TaskReleased`,
    version: 1,
    topic,
    description: 'Held or confirmed capacity given back (declined, expired, cancelled, withdrawn, lost race).',
    schema: strict({ orderId: Id, reason: Type.String({ maxLength: 100 }), at: At }),
  }),
  credited: defineEvent({
    type: `dispatch.${prefix}HoursCredited`,
    version: 1,
    topic,
    description: 'Actual service time of a completed order credited, once per order.',
    schema: strict({ orderId: Id, minutes: Minutes, day: Type.String({ format: 'date' }), at: At }),
  }),
});

export const volunteerLedgerEvents = ledgerEvents('Volunteer', VOLUNTEERS);
export const teamLedgerEvents = ledgerEvents('Team', TEAMS);
