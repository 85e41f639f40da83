import { DomainRuleError, NotFoundError, omit, type Decider } from '@carebridge/decider';
import {
  VolunteerProfileChanged,
  VolunteerReactivated,
  VolunteerRegistered,
  VolunteerSuspended,
  volunteerLedgerEvents as L,
  type EventOf,
} from '@carebridge/event-schema';
import type { WeeklySlot } from './availability';
import {
  decideLedger,
  emptyLedger,
  evolveLedger,
  type Caps,
  type LedgerCommand,
  type LedgerFact,
  type LedgerState,
} from './ledger';

export type VolunteerEvent =
  | EventOf<typeof VolunteerRegistered>
  | EventOf<typeof VolunteerProfileChanged>
  | EventOf<typeof VolunteerSuspended>
  | EventOf<typeof VolunteerReactivated>
  | EventOf<typeof L.reserved>
  | EventOf<typeof L.confirmed>
  | EventOf<typeof L.released>
  | EventOf<typeof L.credited>;

export type Profile = {
  readonly skills: string[];
  readonly homeCommunity: string;
  readonly servedCommunities: string[];
  readonly availability: WeeklySlot[];
  readonly caps: Caps;
};

export type VolunteerState =
  | { readonly status: 'unregistered' }
  | ({ readonly status: 'active' | 'suspended'; readonly volunteerId: string; readonly ledger: LedgerState } & Profile);

export type RegisterVolunteer = {
  kind: 'register';
  volunteerId: string;
  name: string;
  idNumber: string;
  phone?: string;
  now: string;
} & Profile;

export type VolunteerCommand =
  | RegisterVolunteer
  | ({ kind: 'changeProfile'; now: string } & Partial<
      Pick<Profile, 'skills' | 'servedCommunities' | 'availability' | 'caps'>
    >)
  | { kind: 'suspend'; reason: string; now: string }
  | { kind: 'reactivate'; now: string }
  | LedgerCommand;

const ledgerTypes = {
  reserved: L.reserved.type,
  confirmed: L.confirmed.type,
  released: L.released.type,
  credited: L.credited.type,
} as const;

const toEvent = (fact: LedgerFact): VolunteerEvent =>
  ({ type: ledgerTypes[fact.kind], data: fact.data }) as VolunteerEvent;

const registered = (state: VolunteerState) => {
  if (state.status === 'unregistered') throw new NotFoundError('volunteer is not registered');
  return state;
};

export const volunteerDecider: Decider<VolunteerCommand, VolunteerState, VolunteerEvent> = {
  initialState: () => ({ status: 'unregistered' }),

  decide(command, state) {
    switch (command.kind) {
      case 'register': {
        // Same ID number, same volunteer id (keyed hash): a second registration is a replay, not a duplicate.
        if (state.status !== 'unregistered')
          throw new DomainRuleError('this person is already registered', 'already_registered', 'id_number');
        const { now } = command;
        const data = omit(command, 'kind', 'now');
        return [{ type: VolunteerRegistered.type, data: { ...structuredClone(data), registeredAt: now } }];
      }
      case 'changeProfile': {
        const current = registered(state);
        const { now } = command;
        const changes = omit(command, 'kind', 'now');
        const given = Object.fromEntries(Object.entries(structuredClone(changes)).filter(([, v]) => v !== undefined));
        if (Object.keys(given).length === 0) return [];
        return [
          { type: VolunteerProfileChanged.type, data: { volunteerId: current.volunteerId, ...given, changedAt: now } },
        ];
      }
      case 'suspend': {
        const current = registered(state);
        if (current.status === 'suspended') return [];
        return [
          {
            type: VolunteerSuspended.type,
            data: { volunteerId: current.volunteerId, reason: command.reason, at: command.now },
          },
        ];
      }
      case 'reactivate': {
        const current = registered(state);
        if (current.status === 'active') return [];
        return [{ type: VolunteerReactivated.type, data: { volunteerId: current.volunteerId, at: command.now } }];
      }
      case 'reserve':
      case 'confirm':
      case 'release':
      case 'credit': {
        const current = registered(state);
        return decideLedger(command, current.ledger, current.caps, current.status === 'active').map(toEvent);
      }
      default: {
        const unreachable: never = command;
        throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'dispatch.VolunteerRegistered': {
        const { volunteerId, skills, homeCommunity, servedCommunities, availability, caps } = event.data;
        return {
          status: 'active',
          volunteerId,
          skills,
          homeCommunity,
          servedCommunities,
          availability,
          caps,
          ledger: emptyLedger(),
        };
      }
      case 'dispatch.VolunteerProfileChanged': {
        if (state.status === 'unregistered') return state;
        const changes = omit(event.data, 'volunteerId', 'changedAt');
        return { ...state, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) };
      }
      case 'dispatch.VolunteerSuspended':
        return state.status === 'unregistered' ? state : { ...state, status: 'suspended' };
      case 'dispatch.VolunteerReactivated':
        return state.status === 'unregistered' ? state : { ...state, status: 'active' };
      case 'dispatch.VolunteerTaskReserved':
        return state.status === 'unregistered'
          ? state
          : { ...state, ledger: evolveLedger(state.ledger, { kind: 'reserved', data: event.data }) };
      case 'dispatch.VolunteerTaskConfirmed':
        return state.status === 'unregistered'
          ? state
          : { ...state, ledger: evolveLedger(state.ledger, { kind: 'confirmed', data: event.data }) };
      case 'dispatch.VolunteerTaskReleased':
        return state.status === 'unregistered'
          ? state
          : { ...state, ledger: evolveLedger(state.ledger, { kind: 'released', data: event.data }) };
      case 'dispatch.VolunteerHoursCredited':
        return state.status === 'unregistered'
          ? state
          : { ...state, ledger: evolveLedger(state.ledger, { kind: 'credited', data: event.data }) };
      default: {
        const unreachable: never = event;
        throw new Error(`unknown event ${JSON.stringify(unreachable)}`);
      }
    }
  },
};
