import { DomainRuleError, type Decider } from '@carebridge/decider';
import type { EventOf, ReliefGrantClaimed, ReliefGrantReleased } from '@carebridge/event-schema';
import type { StandardCode } from '../programmes';

/**
 * "Each one-off standard at most once per person in the programme period": one stream per
 * (programme, standard, person). Two approvals racing for the same person both read "unclaimed" and write
 * at the same expected version; the store lets exactly one commit land, the other re-reads and is refused.
 */
export type GrantEvent = EventOf<typeof ReliefGrantClaimed> | EventOf<typeof ReliefGrantReleased>;
export type GrantState = { readonly holder?: string };

type GrantKey = {
  readonly programmeId: string;
  readonly standard: StandardCode;
  readonly personRef: string;
  readonly applicationId: string;
  readonly at: string;
};
export type GrantCommand =
  | ({ readonly type: 'Claim' } & GrantKey)
  | ({ readonly type: 'Release'; readonly reason: 'rejected' | 'withdrawn' | 'fund_insufficient' } & GrantKey);

const evolve = (state: GrantState, event: GrantEvent): GrantState =>
  event.type === 'relief.GrantClaimed'
    ? { holder: event.data.applicationId }
    : state.holder === event.data.applicationId
      ? {}
      : state;

const decide = (command: GrantCommand, state: GrantState): readonly GrantEvent[] => {
  const { type, ...key } = command;
  switch (type) {
    case 'Claim':
      if (state.holder === command.applicationId) return [];
      if (state.holder) {
        throw new DomainRuleError(
          `this person already received this standard (application ${state.holder})`,
          'already_granted',
          'standard',
        );
      }
      return [{ type: 'relief.GrantClaimed', data: key }];
    case 'Release':
      if (state.holder !== command.applicationId) return [];
      return [{ type: 'relief.GrantReleased', data: { ...key, reason: command.reason } }];
    default: {
      const unreachable: never = type;
      throw new Error(`unknown command ${String(unreachable)}`);
    }
  }
};

export const grantDecider: Decider<GrantCommand, GrantState, GrantEvent> = { initialState: () => ({}), decide, evolve };

export const grantStreamId = (programmeId: string, standard: StandardCode, personRef: string): string =>
  `relief-grant-${programmeId}-${standard}-${personRef}`;
