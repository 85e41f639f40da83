import { DomainRuleError, omit, type Decider } from '@carebridge/decider';
import type { Staff } from '../application/application';
import { formatYuan } from '../money';
import { availableFen, evolveFund, initialFundState, type FundEvent, type FundState } from './fund';

export type FundCommand =
  | {
      readonly type: 'Contribute';
      readonly programmeId: string;
      readonly contributionId: string;
      readonly contributor: { readonly kind: 'provincial' | 'city'; readonly division: string };
      readonly amountFen: number;
      readonly receivedOn: string;
      readonly reference?: string;
      readonly at: string;
      readonly by: Staff;
    }
  | {
      readonly type: 'Reserve';
      readonly programmeId: string;
      readonly applicationId: string;
      readonly city: string;
      readonly amountFen: number;
      readonly at: string;
    }
  | {
      readonly type: 'Release';
      readonly programmeId: string;
      readonly applicationId: string;
      readonly reason: 'rejected' | 'withdrawn';
      readonly at: string;
    }
  | {
      readonly type: 'Disburse';
      readonly programmeId: string;
      readonly applicationId: string;
      readonly amountFen: number;
      readonly at: string;
    };

/**
 * Every command is idempotent by state (a second reservation, release or disbursement of the same application
 * decides nothing), so the approval saga can repeat any step after a crash or a lost race.
 */
const decide = (command: FundCommand, state: FundState): readonly FundEvent[] => {
  switch (command.type) {
    case 'Contribute': {
      if (state.contributionIds.has(command.contributionId)) return [];
      const data = omit(command, 'type');
      return [{ type: 'relief.FundContributed', data }];
    }
    case 'Reserve': {
      const { programmeId, applicationId, city, amountFen, at } = command;
      if (state.reservations.has(applicationId)) return [];
      if (state.settled.has(applicationId)) {
        throw new DomainRuleError(
          `application ${applicationId} already had its reservation settled`,
          'already_settled',
          'application_id',
        );
      }
      const available = availableFen(state);
      if (amountFen > available) {
        throw new DomainRuleError(
          `the fund cannot cover ${formatYuan(amountFen)} yuan: ${formatYuan(available)} yuan available`,
          'fund_insufficient',
          'amount_fen',
        );
      }
      return [{ type: 'relief.FundReserved', data: { programmeId, applicationId, city, amountFen, at } }];
    }
    case 'Release': {
      const reservation = state.reservations.get(command.applicationId);
      if (!reservation) return [];
      const { programmeId, applicationId, reason, at } = command;
      return [
        {
          type: 'relief.FundReleased',
          data: { programmeId, applicationId, city: reservation.city, amountFen: reservation.amountFen, reason, at },
        },
      ];
    }
    case 'Disburse': {
      const reservation = state.reservations.get(command.applicationId);
      if (!reservation) {
        if (state.settled.has(command.applicationId)) return [];
        throw new DomainRuleError(
          `application ${command.applicationId} holds no reservation`,
          'not_reserved',
          'application_id',
        );
      }
      if (reservation.amountFen !== command.amountFen) {
        throw new DomainRuleError(
          `the reservation is ${reservation.amountFen} fen, not ${command.amountFen}`,
          'amount_mismatch',
          'amount_fen',
        );
      }
      const { programmeId, applicationId, amountFen, at } = command;
      return [
        { type: 'relief.FundDisbursed', data: { programmeId, applicationId, city: reservation.city, amountFen, at } },
      ];
    }
    default: {
      const unreachable: never = command;
      throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
    }
  }
};

export const fundDecider: Decider<FundCommand, FundState, FundEvent> = {
  initialState: initialFundState,
  decide,
  evolve: evolveFund,
};

export const fundStreamId = (programmeId: string): string => `relief-fund-${programmeId}`;
