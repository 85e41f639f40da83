import { randomUUID } from 'node:crypto';
import { fromKafkaRecord, toKafkaRecord } from '@carebridge/event-schema';
import type { IncomingRecord, Subscription } from '@carebridge/messaging';
import { eventually, uniqueName } from '@carebridge/test-engines';
import { applicationIdOfReferral } from './application/referralConsumer';
import { startReliefServer, type ReliefServer } from './testing/reliefServer';

const RELIEF_TOPICS = [
  'referrals.v1',
  'relief.applications.v1',
  'relief.fund.v1',
  'relief.grants.v1',
  'relief.access.v1',
];

const waitFor = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> =>
  eventually(
    async () => {
      const value = await probe();
      if (value === undefined) throw new Error('not there yet');
      return value;
    },
    { what, timeoutMs, intervalMs: 250 },
  );

describe('referral from Kafka to a draft application (FerretDB + Kafka)', () => {
  let server: ReliefServer;
  let watcher: Subscription | undefined;
  const seen: IncomingRecord[] = [];

  beforeAll(async () => {
    server = await startReliefServer({
      prefix: 'relief_referral_e2e',
      clock: () => new Date('2020-09-01T02:00:00Z'),
      withKafka: true,
      topics: RELIEF_TOPICS,
    });
    // What the referring programme would read: every referrals.v1 record, from a group of our own.
    watcher = await server.bus.subscribe({
      groupId: uniqueName('relief_referral_watch'),
      topics: ['referrals.v1'],
      fromBeginning: true,
      eachBatch: (batch) => {
        seen.push(...batch.records);
        return Promise.resolve();
      },
    });
  }, 120_000);
  afterAll(async () => {
    await watcher?.stop();
    await server.stop();
  }, 120_000);

  it('a referral.Requested delivered twice (same referralId, same ce_id) becomes exactly one draft, and received is reported back', async () => {
    const referralId = `hotline-ref-${randomUUID()}`;
    const requested = toKafkaRecord(
      {
        eventId: randomUUID(),
        streamId: `hotline-case-${referralId}`,
        version: 3,
        type: 'referral.Requested',
        schemaVersion: 1,
        recordedAt: new Date('2020-09-01T01:00:00Z'),
        data: {
          referralId,
          from: { programme: 'hotline', caseId: 'case-320300-0001', division: '320300' },
          to: 'relief',
          request: { kind: 'major_illness', note: '家中老人重病，医药费负担重' },
          person: {
            personRef: 'p-hotline-0001',
            name: '王五',
            phone: '13900000000',
            division: '320321',
            isChild: false,
          },
          requestedAt: '2020-09-01T01:00:00Z',
        },
      },
      { source: 'hotline' },
    );
    const record = { topic: 'referrals.v1', key: requested.key, value: requested.value, headers: requested.headers };
    await server.bus.publisher.send([record]);
    await server.bus.publisher.send([record]);

    const applicationId = applicationIdOfReferral(referralId);
    const provincial = await server.clientFor({
      sub: 'officer-js-ref',
      roles: ['relief.provincial'],
      division: '320000',
    });
    const caseworker = await server.clientFor({ sub: 'cw-xz-ref', roles: ['relief.caseworker'], division: '320300' });

    // Both deliveries processed: the intake's group has nothing left on referrals.v1.
    await waitFor('the draft', async () =>
      (await server.eventStore.readStream(`relief-application-${applicationId}`)).length > 0 ? true : undefined,
    );
    await waitFor('both deliveries to be consumed', async () => ((await server.intakeLag()) === 0 ? true : undefined));

    const stream = await server.eventStore.readStream(`relief-application-${applicationId}`);
    expect(stream.map((e) => e.type)).toEqual(['relief.ApplicationDrafted', 'referral.OutcomeReported']);

    const got = await caseworker.call<{ application: Record<string, unknown> }>('GetApplication', { applicationId });
    expect(got.application).toMatchObject({
      applicationId,
      status: 'draft',
      city: '320300',
      form: {
        applicant: { name: '王五', phone: '13900000000' },
        householdDivision: '320321',
        standard: 'major_illness',
      },
      referral: { referralId, fromProgramme: 'hotline' },
    });
    const listed = await provincial.call<{ applications: { applicationId: string; status: string }[] }>(
      'ListApplications',
      { status: 'draft' },
    );
    expect(listed.applications.filter((a) => a.applicationId === applicationId)).toEqual([
      expect.objectContaining({ applicationId, status: 'draft', city: '320300' }),
    ]);
    expect(listed.applications).toHaveLength(1);

    // The outcome reaches referrals.v1 through the outbox relay: one event (one ce_id), received, for the hotline.
    const outcomes = await waitFor('referral.OutcomeReported on referrals.v1', () => {
      const mine = seen
        .map((r) => fromKafkaRecord(r))
        .filter((e) => e.type === 'referral.OutcomeReported' && e.data.referralId === referralId);
      return Promise.resolve(mine.length > 0 ? mine : undefined);
    });
    expect(new Set(outcomes.map((o) => o.eventId)).size).toBe(1);
    expect(outcomes[0]!.data).toMatchObject({
      referralId,
      from: 'relief',
      to: 'hotline',
      targetRef: applicationId,
      outcome: 'received',
    });
    expect(outcomes[0]!.source).toBe('/relief-intake');
  }, 300_000);
});
