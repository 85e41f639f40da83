import { DomainRuleError, NotFoundError, omit, type Decider } from '@carebridge/decider';
import { TeamFormed, TeamMembersChanged, teamLedgerEvents as L, type EventOf } from '@carebridge/event-schema';
import {
  decideLedger,
  emptyLedger,
  evolveLedger,
  type Caps,
  type LedgerCommand,
  type LedgerFact,
  type LedgerState,
} from './ledger';

/**
 * A volunteer team (e.g. one of a company's Party-member service teams). An order can go to a team as a
 * whole: its leader accepts for it, and the team's own ledger (same rules as a volunteer's) caps its load.
 */
export type TeamEvent =
  | EventOf<typeof TeamFormed>
  | EventOf<typeof TeamMembersChanged>
  | EventOf<typeof L.reserved>
  | EventOf<typeof L.confirmed>
  | EventOf<typeof L.released>
  | EventOf<typeof L.credited>;

export type TeamState =
  | { readonly status: 'none' }
  | {
      readonly status: 'formed';
      readonly teamId: string;
      readonly name: string;
      readonly leaderId: string;
      readonly memberIds: readonly string[];
      readonly homeCommunity: string;
      readonly servedCommunities: readonly string[];
      readonly skills: readonly string[];
      readonly caps: Caps;
      readonly ledger: LedgerState;
    };

export type TeamCommand =
  | {
      kind: 'form';
      teamId: string;
      name: string;
      leaderId: string;
      memberIds: string[];
      homeCommunity: string;
      servedCommunities: string[];
      skills: string[];
      caps: Caps;
      now: string;
    }
  | { kind: 'changeMembers'; leaderId: string; memberIds: string[]; now: string }
  | LedgerCommand;

const ledgerTypes = {
  reserved: L.reserved.type,
  confirmed: L.confirmed.type,
  released: L.released.type,
  credited: L.credited.type,
} as const;
const toEvent = (fact: LedgerFact): TeamEvent => ({ type: ledgerTypes[fact.kind], data: fact.data }) as TeamEvent;

/** The leader is always a member. */
const withLeader = (leaderId: string, memberIds: readonly string[]): string[] => [...new Set([leaderId, ...memberIds])];

export const teamDecider: Decider<TeamCommand, TeamState, TeamEvent> = {
  initialState: () => ({ status: 'none' }),
  decide(command, state) {
    switch (command.kind) {
      case 'form': {
        if (state.status !== 'none') throw new DomainRuleError('team already exists', 'already_formed', 'team_id');
        const { now } = command;
        const data = omit(command, 'kind', 'now');
        return [
          {
            type: TeamFormed.type,
            data: { ...structuredClone(data), memberIds: withLeader(data.leaderId, data.memberIds), formedAt: now },
          },
        ];
      }
      case 'changeMembers': {
        if (state.status === 'none') throw new NotFoundError('team not found');
        const memberIds = withLeader(command.leaderId, command.memberIds);
        return [
          {
            type: TeamMembersChanged.type,
            data: { teamId: state.teamId, leaderId: command.leaderId, memberIds, changedAt: command.now },
          },
        ];
      }
      case 'reserve':
      case 'confirm':
      case 'release':
      case 'credit':
        if (state.status === 'none') throw new NotFoundError('team not found');
        return decideLedger(command, state.ledger, state.caps, true).map(toEvent);
      default: {
        const unreachable: never = command;
        throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'dispatch.TeamFormed': {
        const team = omit(event.data, 'formedAt');
        return { status: 'formed', ...team, ledger: emptyLedger() };
      }
      case 'dispatch.TeamMembersChanged':
        return state.status === 'none'
          ? state
          : { ...state, leaderId: event.data.leaderId, memberIds: event.data.memberIds };
      case 'dispatch.TeamTaskReserved':
        return state.status === 'none'
          ? state
          : { ...state, ledger: evolveLedger(state.ledger, { kind: 'reserved', data: event.data }) };
      case 'dispatch.TeamTaskConfirmed':
        return state.status === 'none'
          ? state
          : { ...state, ledger: evolveLedger(state.ledger, { kind: 'confirmed', data: event.data }) };
      case 'dispatch.TeamTaskReleased':
        return state.status === 'none'
          ? state
          : { ...state, ledger: evolveLedger(state.ledger, { kind: 'released', data: event.data }) };
      case 'dispatch.TeamHoursCredited':
        return state.status === 'none'
          ? state
          : { ...state, ledger: evolveLedger(state.ledger, { kind: 'credited', data: event.data }) };
      default: {
        const unreachable: never = event;
        throw new Error(`unknown event ${JSON.stringify(unreachable)}`);
      }
    }
  },
};
