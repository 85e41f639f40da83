import { DomainRuleError } from '@carebridge/decider';
import { DeciderSpecification } from '@carebridge/decider/testing';
import { fold } from '@carebridge/decider';
import { caseworker } from '../testing/fixtures';
import { fundDecider } from './decide';
import { availableFen, type FundEvent } from './fund';

const spec = DeciderSpecification.for(fundDecider);
const at = '2020-09-01T02:00:00.000Z';
const programmeId = 'jiangsu-2020';
const contributed = (contributionId: string, amountFen: number, division = '320000'): FundEvent => ({
  type: 'relief.FundContributed',
  data: {
    programmeId,
    contributionId,
    contributor: { kind: division === '320000' ? 'provincial' : 'city', division },
    amountFen,
    receivedOn: '2020-08-01',
    at,
    by: caseworker,
  },
});
const reserved = (applicationId: string, amountFen: number, city = '320300'): FundEvent => ({
  type: 'relief.FundReserved',
  data: { programmeId, applicationId, city, amountFen, at },
});
const reserve = (applicationId: string, amountFen: number) => ({
  type: 'Reserve' as const,
  programmeId,
  applicationId,
  city: '320300',
  amountFen,
  at,
});

describe('fund decider', () => {
  it('a contribution is recorded once', () => {
    spec
      .given([])
      .when({
        type: 'Contribute',
        programmeId,
        contributionId: 'c1',
        contributor: { kind: 'provincial', division: '320000' },
        amountFen: 1_000_000,
        receivedOn: '2020-08-01',
        at,
        by: caseworker,
      })
      .then([contributed('c1', 1_000_000)]);
    spec
      .given([contributed('c1', 1_000_000)])
      .when({
        type: 'Contribute',
        programmeId,
        contributionId: 'c1',
        contributor: { kind: 'provincial', division: '320000' },
        amountFen: 1_000_000,
        receivedOn: '2020-08-01',
        at,
        by: caseworker,
      })
      .thenNothingHappened();
  });

  it('reserves what is available, exactly to zero', () => {
    spec
      .given([contributed('c1', 1_000_000)])
      .when(reserve('a1', 1_000_000))
      .then([reserved('a1', 1_000_000)]);
  });

  it('refuses a reservation it cannot cover', () => {
    spec
      .given([contributed('c1', 1_000_000), reserved('a1', 600_000)])
      .when(reserve('a2', 500_000))
      .thenThrows(DomainRuleError, /cannot cover 5,000.00 yuan: 4,000.00 yuan available/);
  });

  it('a repeated reservation of the same application decides nothing', () => {
    spec
      .given([contributed('c1', 1_000_000), reserved('a1', 500_000)])
      .when(reserve('a1', 500_000))
      .thenNothingHappened();
  });

  it('releases on rejection and lets the money be reserved again', () => {
    spec
      .given([contributed('c1', 500_000), reserved('a1', 500_000)])
      .when({ type: 'Release', programmeId, applicationId: 'a1', reason: 'rejected', at })
      .then([
        {
          type: 'relief.FundReleased',
          data: { programmeId, applicationId: 'a1', city: '320300', amountFen: 500_000, reason: 'rejected', at },
        },
      ]);
    const afterRelease: FundEvent[] = [
      contributed('c1', 500_000),
      reserved('a1', 500_000),
      {
        type: 'relief.FundReleased',
        data: { programmeId, applicationId: 'a1', city: '320300', amountFen: 500_000, reason: 'rejected', at },
      },
    ];
    spec
      .given(afterRelease)
      .when(reserve('a2', 500_000))
      .then([reserved('a2', 500_000)]);
    spec
      .given(afterRelease)
      .when(reserve('a1', 500_000))
      .thenThrows(DomainRuleError, /already had its reservation settled/);
  });

  it('disbursement consumes the reservation; a second one decides nothing', () => {
    const disbursed: FundEvent = {
      type: 'relief.FundDisbursed',
      data: { programmeId, applicationId: 'a1', city: '320300', amountFen: 500_000, at },
    };
    spec
      .given([contributed('c1', 500_000), reserved('a1', 500_000)])
      .when({ type: 'Disburse', programmeId, applicationId: 'a1', amountFen: 500_000, at })
      .then([disbursed]);
    spec
      .given([contributed('c1', 500_000), reserved('a1', 500_000), disbursed])
      .when({ type: 'Disburse', programmeId, applicationId: 'a1', amountFen: 500_000, at })
      .thenNothingHappened();
    spec
      .given([contributed('c1', 500_000), reserved('a1', 500_000)])
      .when({ type: 'Disburse', programmeId, applicationId: 'a1', amountFen: 400_000, at })
      .thenThrows(DomainRuleError, /reservation is 500000 fen/);
    spec
      .given([contributed('c1', 500_000)])
      .when({ type: 'Disburse', programmeId, applicationId: 'a9', amountFen: 500_000, at })
      .thenThrows(DomainRuleError, /holds no reservation/);
  });

  it('keeps the ledger per city and in total', () => {
    const state = fold(fundDecider, [
      contributed('c1', 10_000_000),
      contributed('c2', 2_000_000, '320300'),
      reserved('a1', 500_000, '320300'),
      reserved('a2', 1_000_000, '321300'),
      {
        type: 'relief.FundDisbursed',
        data: { programmeId, applicationId: 'a1', city: '320300', amountFen: 500_000, at },
      },
    ]);
    expect({
      contributed: state.contributedFen,
      reserved: state.reservedFen,
      disbursed: state.disbursedFen,
      available: availableFen(state),
    }).toEqual({
      contributed: 12_000_000,
      reserved: 1_000_000,
      disbursed: 500_000,
      available: 10_500_000,
    });
    expect(state.byCity.get('320300')).toEqual({ contributedFen: 2_000_000, reservedFen: 0, disbursedFen: 500_000 });
    expect(state.byCity.get('321300')).toEqual({ contributedFen: 0, reservedFen: 1_000_000, disbursedFen: 0 });
  });
});
