import { GrpcStatus } from '@carebridge/grpc-kit';
import { decodeStatusDetails, type TestClient } from '@carebridge/grpc-kit/testing';
import { idNumberCheckCharacter } from '@carebridge/identity';
import type { Call } from './application/commands';
import { startReliefServer, type ReliefServer } from './testing/reliefServer';

const caseworkerClaims = { sub: 'cw-xz-race', roles: ['relief.caseworker'], division: '320300' };
const provincialClaims = { sub: 'officer-js-race', roles: ['relief.provincial'], division: '320000' };
const cityFederationClaims = { sub: 'fed-xz-race', roles: ['relief.federation'], division: '320300' };

/** A valid ID number for person n (Xuzhou-registered, born 1980). */
const idNumberOf = (n: number): string => {
  const first17 = `32030219800101${String(n).padStart(3, '0')}`;
  return first17 + idNumberCheckCharacter(first17);
};

/** Runs fn over items with at most `limit` in flight: FerretDB appends are slow and the machine is shared. */
const pooled = async <T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> => {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!);
      }
    }),
  );
  return results;
};

describe('fund race over the real gRPC server (FerretDB)', () => {
  let server: ReliefServer;
  let caseworker: TestClient;
  let provincial: TestClient;

  beforeAll(async () => {
    server = await startReliefServer({ prefix: 'relief_race_e2e', clock: () => new Date('2020-09-01T02:00:00Z') });
    caseworker = await server.clientFor(caseworkerClaims);
    provincial = await server.clientFor(provincialClaims);
  }, 60_000);
  afterAll(() => server.stop(), 60_000);

  /** Phase timings on stderr: FerretDB latency on a shared machine decides how long this takes. */
  const started = Date.now();
  const phase = (name: string) =>
    process.stderr.write(`[fund race] ${name} at ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

  it('200 concurrent Approve calls against a fund with room for 150: exactly 150 succeed, available is exactly 0', async () => {
    // The fund through the API: the provincial federation and the Xuzhou federation pay in 750,000 yuan.
    await provincial.call(
      'ContributeToFund',
      {
        programmeId: 'jiangsu-2020',
        contributionId: 'JS-2020-001',
        contributorDivision: '320000',
        amountFen: '50000000',
        receivedOn: '2020-07-15',
      },
      { idempotencyKey: 'contribution-js' },
    );
    const federation = await server.clientFor(cityFederationClaims);
    await federation.call(
      'ContributeToFund',
      {
        programmeId: 'jiangsu-2020',
        contributionId: 'XZ-2020-001',
        contributorDivision: '320300',
        amountFen: '25000000',
        receivedOn: '2020-07-16',
      },
      { idempotencyKey: 'contribution-xz' },
    );

    // 200 assessed applications of 5,000 yuan each, prepared through the application layer on the same stores
    // (three appends each; one RPC per step would only add round trips to what the race is about).
    const { commands } = server.direct();
    const principal: Call['principal'] = {
      subject: caseworkerClaims.sub,
      roles: caseworkerClaims.roles,
      division: caseworkerClaims.division,
    };
    const ids = await pooled(
      Array.from({ length: 200 }, (_, i) => i + 1),
      8,
      async (n) => {
        const { applicationId } = await commands.submit(
          { principal, commandId: `submit-${n}` },
          {
            form: {
              applicant: { name: `申请人${n}`, idNumber: idNumberOf(n) },
              householdDivision: '320321',
              standard: 'property_loss',
              amounts: { propertyLossFen: 6_000_000 },
            },
          },
        );
        await commands.recordGovernmentRelief({ principal, commandId: `gov-${n}` }, applicationId, {
          scheme: '临时救助',
          amountFen: 200_000,
          grantedOn: '2020-08-20',
        });
        const assessed = await commands.assess({ principal, commandId: `assess-${n}` }, applicationId);
        expect(assessed.state.assessment).toMatchObject({ decision: 'eligible', amountFen: 500_000 });
        return applicationId;
      },
    );

    phase('200 applications assessed');
    const outcomes = await Promise.allSettled(
      ids.map((applicationId, i) =>
        caseworker.call<{ application: { status: string; approvedFen: string } }>(
          'Approve',
          { applicationId },
          { idempotencyKey: `approve-${i}` },
        ),
      ),
    );
    phase('200 approvals answered');
    const approved = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(approved).toHaveLength(150);
    for (const a of approved) expect(a.value.application).toMatchObject({ status: 'approved', approvedFen: '500000' });
    expect(refused).toHaveLength(50);
    for (const r of refused) {
      expect(r.reason).toMatchObject({ code: GrpcStatus.FAILED_PRECONDITION });
      expect(decodeStatusDetails(r.reason)?.errorInfo?.reason).toBe('FUND_INSUFFICIENT');
    }

    const balance = await provincial.call<Record<string, unknown>>('GetFundBalance', { programmeId: 'jiangsu-2020' });
    expect(balance).toMatchObject({
      programmeId: 'jiangsu-2020',
      total: { contributedFen: '75000000', reservedFen: '75000000', disbursedFen: '0' },
      availableFen: '0',
      cities: [{ city: '320300', ledger: { contributedFen: '25000000', reservedFen: '75000000', disbursedFen: '0' } }],
    });

    // The refused ones stay assessed and hold nothing: their grant claims were given back.
    const listed = await provincial.call<{ applications: { status: string }[] }>('ListApplications', {
      status: 'assessed',
      pageSize: 500,
    });
    expect(listed.applications).toHaveLength(50);
  }, 2_400_000);
});
