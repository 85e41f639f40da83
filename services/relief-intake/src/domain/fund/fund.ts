import type {
  EventOf,
  ReliefFundContributed,
  ReliefFundDisbursed,
  ReliefFundReleased,
  ReliefFundReserved,
} from '@carebridge/event-schema';

export type FundEvent =
  | EventOf<typeof ReliefFundContributed>
  | EventOf<typeof ReliefFundReserved>
  | EventOf<typeof ReliefFundReleased>
  | EventOf<typeof ReliefFundDisbursed>;

export type Totals = { readonly contributedFen: number; readonly reservedFen: number; readonly disbursedFen: number };

/**
 * The programme's fund as a ledger: money in (contributions), money promised (reservations of approvals),
 * money out (disbursements). available = contributed − reserved − disbursed, and no event may make it negative.
 * Per city: what that city's federation paid in, and what was reserved and paid for its residents; the pool
 * itself is one (省、市慈善总会共同募集), so availability is programme-wide.
 */
export type FundState = Totals & {
  readonly contributionIds: ReadonlySet<string>;
  /** Open reservations by application. */
  readonly reservations: ReadonlyMap<string, { readonly city: string; readonly amountFen: number }>;
  /** Applications whose reservation was consumed or released: they never reserve again. */
  readonly settled: ReadonlySet<string>;
  readonly byCity: ReadonlyMap<string, Totals>;
};

export const availableFen = (state: Totals): number => state.contributedFen - state.reservedFen - state.disbursedFen;

const zero: Totals = { contributedFen: 0, reservedFen: 0, disbursedFen: 0 };

export const initialFundState = (): FundState => ({
  ...zero,
  contributionIds: new Set(),
  reservations: new Map(),
  settled: new Set(),
  byCity: new Map(),
});

const addToCity = (
  byCity: ReadonlyMap<string, Totals>,
  city: string,
  change: Partial<Totals>,
): ReadonlyMap<string, Totals> => {
  const current = byCity.get(city) ?? zero;
  return new Map(byCity).set(city, {
    contributedFen: current.contributedFen + (change.contributedFen ?? 0),
    reservedFen: current.reservedFen + (change.reservedFen ?? 0),
    disbursedFen: current.disbursedFen + (change.disbursedFen ?? 0),
  });
};

const without = <K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> => {
  const copy = new Map(map);
  copy.delete(key);
  return copy;
};

export const evolveFund = (state: FundState, event: FundEvent): FundState => {
  switch (event.type) {
    case 'relief.FundContributed': {
      const { amountFen, contributor, contributionId } = event.data;
      return {
        ...state,
        contributedFen: state.contributedFen + amountFen,
        contributionIds: new Set(state.contributionIds).add(contributionId),
        byCity:
          contributor.kind === 'city'
            ? addToCity(state.byCity, contributor.division, { contributedFen: amountFen })
            : state.byCity,
      };
    }
    case 'relief.FundReserved': {
      const { applicationId, city, amountFen } = event.data;
      return {
        ...state,
        reservedFen: state.reservedFen + amountFen,
        reservations: new Map(state.reservations).set(applicationId, { city, amountFen }),
        byCity: addToCity(state.byCity, city, { reservedFen: amountFen }),
      };
    }
    case 'relief.FundReleased':
    case 'relief.FundDisbursed': {
      const { applicationId, city, amountFen } = event.data;
      const paid = event.type === 'relief.FundDisbursed' ? amountFen : 0;
      return {
        ...state,
        reservedFen: state.reservedFen - amountFen,
        disbursedFen: state.disbursedFen + paid,
        reservations: without(state.reservations, applicationId),
        settled: new Set(state.settled).add(applicationId),
        byCity: addToCity(state.byCity, city, { reservedFen: -amountFen, disbursedFen: paid }),
      };
    }
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
};
