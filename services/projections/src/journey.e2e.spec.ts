import { randomUUID } from 'node:crypto';
import { programmeTopics } from './topics';
import { startSuiteOnEngines, type SuiteOnEngines } from './testing/suiteOnEngines';
import { personalStrings, seeded } from './testing/seed';
import { decodeStatusDetails, type TestClient } from '@carebridge/grpc-kit/testing';
import { eventually, uniqueName } from '@carebridge/test-engines';
import { fromKafkaRecord } from '@carebridge/event-schema';
import type { IncomingRecord } from '@carebridge/messaging';

jest.setTimeout(600_000);

type Step = {
  programme: string;
  step: string;
  ref: string;
  actorRole: string;
  division: string;
  at: string;
  detail: Record<string, string>;
};
type Journey = {
  id: string;
  hotline?: { caseId: string; county: string };
  referrals: { referralId: string; to: string }[];
  relief: { applicationId: string; city: string; status: string }[];
  personRefs: string[];
  steps: Step[];
};

const until = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 180_000): Promise<T> =>
  eventually(
    async () => {
      const value = await probe();
      if (value === undefined) throw new Error('not there yet');
      return value;
    },
    { what, timeoutMs, intervalMs: 500 },
  );

/** The order the seeded scenario must show, whatever order Kafka delivered the three topics in. */
const CHAIN = [
  'CaseOpened',
  'CaseAssigned',
  'CaseAccepted',
  'Requested',
  'ApplicationDrafted',
  'ApplicationSubmitted',
  'ApplicationAssessed',
  'ApplicationApproved',
  'DisbursementRecorded',
];

describe('the case journey through the real hotline, relief and projections services (FerretDB + Kafka)', () => {
  let suite: SuiteOnEngines;
  let countyHandler: TestClient;
  let caseId = '';
  let applicationId = '';
  const xuzhouCaseworker = { sub: 'cw-xuzhou', roles: ['relief.caseworker'], division: '320300' };

  beforeAll(async () => {
    suite = await startSuiteOnEngines('pj_journey', programmeTopics(), '2020-10-10T08:00:00.000Z');
    countyHandler = await suite.projectionsClient({ sub: 'h-datong', roles: ['hotline.handler'], division: '630121' });
  }, 300_000);
  afterAll(async () => suite?.stop(), 120_000);

  /** The journeys model has applied everything on its topics. */
  const settled = async () => {
    const admin = await suite.projectionsClient({ sub: 'ops', roles: ['projections.admin'], division: '630000' });
    await until('journeys caught up', async () =>
      Number((await admin.call<{ total: string }>('GetLag', { model: 'journeys' })).total) === 0 ? true : undefined,
    );
  };
  const journeyOf = async (client: TestClient, request: object): Promise<Journey> =>
    (await client.call<{ journeys: Journey[] }>('GetJourney', request)).journeys[0]!;
  const tick = () => suite.hotline.clock.advanceMinutes(30);

  test('child case → relief referral → application → approval → disbursement: complete, in order, no personal data', async () => {
    const operator = await suite.hotlineClient({ sub: 'op-xining', roles: ['hotline.operator'], division: '630100' });
    const handler = await suite.hotlineClient({ sub: 'h-datong', roles: ['hotline.handler'], division: '630121' });
    const contact = await operator.call<{ contactId: string }>(
      'RecordContact',
      {
        channel: 'phone',
        caller: { name: seeded.callerName, phone: seeded.callerPhone, relation: 'teacher' },
        child: {
          name: seeded.childName,
          age: 9,
          idNumber: seeded.childId,
          locationDivision: '630121',
          locationDetail: '桥头镇',
        },
        caseType: 'living_hardship',
        urgency: 'urgent',
        narrative: 'the family home burnt down; the child sleeps at the school',
      },
      { idempotencyKey: 'pj-contact' },
    );
    tick();
    caseId = (
      await operator.call<{ caseId: string }>(
        'OpenCase',
        { contactIds: [contact.contactId] },
        { idempotencyKey: 'pj-open' },
      )
    ).caseId;
    tick();
    await operator.call('AssignCase', { caseId, county: '' }, { idempotencyKey: 'pj-assign' });
    tick();
    await handler.call('AcceptCase', { caseId }, { idempotencyKey: 'pj-accept' });
    tick();
    const referred = await handler.call<{ referralId: string }>(
      'ReferCase',
      { caseId, target: { programme: { programme: 'relief', request: 'property_loss' } } },
      { idempotencyKey: 'pj-refer' },
    );
    tick();

    // Relief drafts the application from referrals.v1; the journey finds it by the application id it derives.
    const drafted = await until('the relief draft on the journey', async () => {
      const j = await journeyOf(countyHandler, { caseId });
      return j.relief.length > 0 && j.referrals.length > 0 ? j : undefined;
    });
    applicationId = drafted.relief[0]!.applicationId;
    expect(drafted.referrals).toEqual([expect.objectContaining({ referralId: referred.referralId, to: 'relief' })]);

    const provincial = await suite.reliefClient({ sub: 'fed-js', roles: ['relief.provincial'], division: '320000' });
    await provincial.call(
      'ContributeToFund',
      {
        programmeId: 'jiangsu-2020',
        contributionId: 'pj-c1',
        contributorDivision: '320000',
        amountFen: '100000000',
        receivedOn: '2020-09-01',
      },
      { idempotencyKey: 'pj-fund' },
    );
    const xuzhou = await suite.reliefClient(xuzhouCaseworker);
    // The family's household registration is in Xuzhou: Xuzhou's caseworker takes the draft, which lies outside
    // the programme's province, into that city with the completed form.
    await xuzhou.call(
      'CompleteDraft',
      {
        applicationId,
        form: {
          applicant: { name: seeded.applicantName, idNumber: seeded.applicantId, phone: seeded.applicantPhone },
          householdDivision: '320311',
          standard: 'property_loss',
          amounts: { propertyLossFen: '6000000', compensationFen: '0', insurancePaidFen: '0', otherSocialHelpFen: '0' },
        },
      },
      { idempotencyKey: 'pj-complete' },
    );
    tick();
    await xuzhou.call(
      'RecordGovernmentRelief',
      { applicationId, scheme: '临时救助', amountFen: '100000', grantedOn: '2020-10-01' },
      { idempotencyKey: 'pj-gov' },
    );
    tick();
    await xuzhou.call('AssessApplication', { applicationId }, { idempotencyKey: 'pj-assess' });
    tick();
    await xuzhou.call('Approve', { applicationId }, { idempotencyKey: 'pj-approve' });
    tick();
    await xuzhou.call(
      'RecordDisbursement',
      { applicationId, amountFen: '500000', paymentRef: 'PAY-PJ-1', paidOn: '2020-10-12' },
      { idempotencyKey: 'pj-pay' },
    );

    // The end of the chain: relief reports the payment back and the hotline records it on the case.
    const journey = await until('the payment recorded back on the case', async () => {
      const j = await journeyOf(countyHandler, { caseId });
      return j.steps.some((s) => s.step === 'DisbursementRecorded') &&
        j.steps.some((s) => s.step === 'ReferralOutcomeRecorded' && s.detail.outcome === 'paid')
        ? j
        : undefined;
    });
    const positions = CHAIN.map((name) => journey.steps.findIndex((s) => s.step === name));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const times = journey.steps.map((s) => s.at);
    expect([...times].sort()).toEqual(times);
    const byName = Object.fromEntries(journey.steps.map((s) => [s.step, s]));
    expect(byName.CaseOpened).toMatchObject({
      programme: 'hotline',
      ref: caseId,
      actorRole: 'hotline.operator',
      division: '630100',
    });
    expect(byName.CaseAccepted).toMatchObject({
      programme: 'hotline',
      actorRole: 'hotline.handler',
      division: '630121',
    });
    expect(byName.Requested).toMatchObject<Record<string, unknown>>({
      programme: 'hotline',
      division: '630121',
      detail: expect.objectContaining({ to: 'relief' }),
    });
    expect(byName.ApplicationApproved).toMatchObject<Record<string, unknown>>({
      programme: 'relief',
      ref: applicationId,
      actorRole: 'relief.caseworker',
      division: '320300',
      detail: expect.objectContaining({ amountFen: '500000', standard: 'property_loss' }),
    });
    expect(byName.DisbursementRecorded).toMatchObject<Record<string, unknown>>({
      programme: 'relief',
      division: '320300',
      detail: expect.objectContaining({ amountFen: '500000' }),
    });
    expect(journey.hotline).toMatchObject({ caseId, county: '630121' });
    expect(journey.relief).toEqual([expect.objectContaining({ applicationId, city: '320300', status: 'paid' })]);

    const text = JSON.stringify(journey);
    for (const secret of personalStrings()) expect(text).not.toContain(secret);
  });

  test('found by application id and by person ref, authorised by jurisdiction, over gRPC and HTTP', async () => {
    await settled();
    const byCase = await journeyOf(countyHandler, { caseId });
    const caseworker = await suite.projectionsClient(xuzhouCaseworker);
    expect((await journeyOf(caseworker, { applicationId })).id).toBe(byCase.id);
    expect(byCase.personRefs.length).toBeGreaterThan(0);
    for (const personRef of byCase.personRefs)
      expect((await journeyOf(countyHandler, { personRef })).id).toBe(byCase.id);
    const supervisor = await suite.projectionsClient({ sub: 'sup', roles: ['hotline.supervisor'], division: '630000' });
    expect((await journeyOf(supervisor, { caseId })).id).toBe(byCase.id);

    // Another county, another city, a role that reads nothing: refused.
    const otherCounty = await suite.projectionsClient({
      sub: 'h-chengdong',
      roles: ['hotline.handler'],
      division: '630102',
    });
    await expect(otherCounty.call('GetJourney', { caseId })).rejects.toMatchObject({ code: 7 });
    const otherCity = await suite.projectionsClient({
      sub: 'cw-huaian',
      roles: ['relief.caseworker'],
      division: '320800',
    });
    await expect(otherCity.call('GetJourney', { applicationId })).rejects.toMatchObject({ code: 7 });
    const volunteer = await suite.projectionsClient({ sub: 'v', roles: ['dispatch.volunteer'], division: '630121' });
    await expect(volunteer.call('GetJourney', { caseId })).rejects.toMatchObject({ code: 7 });
    const bad = await countyHandler.call('GetJourney', { caseId, applicationId }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 3 });
    expect(decodeStatusDetails(bad)?.fieldViolations?.map((v) => v.field)).toEqual(['case_id', 'application_id']);

    const http = suite.projections.httpBase;
    const token = await suite.token({ sub: 'h-datong', roles: ['hotline.handler'], division: '630121' });
    const res = await fetch(`${http}/v1/journeys?case_id=${encodeURIComponent(caseId)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { journeys: Journey[] }).journeys[0]!.steps).toEqual(byCase.steps);
    expect((await fetch(`${http}/v1/journeys?case_id=${caseId}`)).status).toBe(401);
    const denied = await fetch(`${http}/v1/journeys?case_id=${caseId}`, {
      headers: {
        authorization: `Bearer ${await suite.token({ sub: 'x', roles: ['hotline.handler'], division: '630102' })}`,
      },
    });
    expect(denied.status).toBe(403);
  });

  test("dashboards count the scenario within the caller's jurisdiction", async () => {
    const caseworker = await suite.projectionsClient(xuzhouCaseworker);
    const fund = await caseworker.call<{
      rows: { city: string; standard: string; approved: string; approvedFen: string; paidFen: string }[];
    }>('GetReliefFundUse', {});
    expect(fund.rows).toEqual([
      expect.objectContaining({
        city: '320300',
        standard: 'property_loss',
        approved: '1',
        approvedFen: '500000',
        paidFen: '500000',
      }),
    ]);
    const supervisor = await suite.projectionsClient({ sub: 'sup', roles: ['hotline.supervisor'], division: '630000' });
    const cases = await supervisor.call<{
      rows: { prefecture: string; caseType: string; status: string; cases: string; compliance: number }[];
    }>('GetHotlineCaseStats', {});
    expect(cases.rows).toEqual([
      expect.objectContaining({
        prefecture: '630100',
        caseType: 'living_hardship',
        status: 'accepted',
        cases: '1',
        compliance: 1,
      }),
    ]);
    const conversion = await supervisor.call<{
      rows: {
        to: string;
        referred: string;
        applied: { count: string };
        approved: { count: string };
        paid: { count: string; medianHoursFromPrevious: number };
      }[];
    }>('GetReferralConversion', {});
    expect(conversion.rows).toEqual([
      expect.objectContaining<Record<string, unknown>>({
        to: 'relief',
        referred: '1',
        applied: expect.objectContaining({ count: '1' }),
        approved: expect.objectContaining({ count: '1' }),
        paid: expect.objectContaining({ count: '1' }),
      }),
    ]);
    expect(conversion.rows[0]!.paid.medianHoursFromPrevious).toBeGreaterThan(0);
    // Another province sees none of it.
    const elsewhere = await suite.projectionsClient({ sub: 'cw-nj', roles: ['relief.caseworker'], division: '320100' });
    expect((await elsewhere.call<{ rows: unknown[] }>('GetReliefFundUse', {})).rows).toEqual([]);
  });

  test('the same journey after a rebuild from offset zero (admin RPC), with the lag it reports', async () => {
    const admin = await suite.projectionsClient({ sub: 'ops', roles: ['projections.admin'], division: '630000' });
    const caughtUp = () =>
      until('journeys caught up', async () =>
        Number((await admin.call<{ total: string }>('GetLag', { model: 'journeys' })).total) === 0 ? true : undefined,
      );
    await caughtUp();
    const before = await journeyOf(countyHandler, { caseId });
    const rebuilt = await admin.call<{ model: string; events: string }>(
      'RebuildReadModel',
      { model: 'journeys' },
      { idempotencyKey: randomUUID() },
    );
    expect(Number(rebuilt.events)).toBeGreaterThanOrEqual(before.steps.length);
    await caughtUp();
    expect(await journeyOf(countyHandler, { caseId })).toEqual(before);
    const unknown = await admin
      .call('RebuildReadModel', { model: 'nope' }, { idempotencyKey: randomUUID() })
      .catch((e: unknown) => e);
    expect(decodeStatusDetails(unknown)?.fieldViolations?.[0]?.field).toBe('model');
    // A second rebuild while one runs is a rule the caller can act on, never INTERNAL.
    const both = await Promise.allSettled(
      [1, 2].map(() => admin.call('RebuildReadModel', { model: 'journeys' }, { idempotencyKey: randomUUID() })),
    );
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = both.find((r): r is PromiseRejectedResult => r.status === 'rejected')!.reason as unknown;
    expect(refused).toMatchObject({ code: 9 });
    expect(decodeStatusDetails(refused)?.errorInfo?.reason).toBe('REBUILD_RUNNING');
    await caughtUp();
    expect(await journeyOf(countyHandler, { caseId })).toEqual(before);
    const reader = await admin.call('GetJourney', { caseId }).catch((e: unknown) => e);
    expect(reader).toMatchObject({ code: 7 });
  });

  test('no analytics message carries a seeded name, ID number or phone number (every analytics topic scanned)', async () => {
    const runSuffix = `.${suite.hotline.runId}`;
    const names = programmeTopics();
    const sources = await Promise.all(
      names.map(async (t) =>
        (await suite.hotline.bus.admin.topicOffsets(`${t}${runSuffix}`).catch(() => [])).reduce(
          (n, p) => n + p.high,
          0,
        ),
      ),
    );
    const expected = sources.reduce((a, b) => a + b, 0);
    expect(expected).toBeGreaterThan(20);
    const analytics = names.map((t) => `analytics.${t}${runSuffix}`);
    const records: IncomingRecord[] = [];
    const reader = await suite.hotline.bus.subscribe({
      groupId: uniqueName('pj_scan'),
      topics: analytics,
      fromBeginning: true,
      eachBatch: (b) => {
        records.push(...b.records);
        return Promise.resolve();
      },
    });
    try {
      await until('every analytics twin', () =>
        Promise.resolve(new Set(records.map((r) => r.headers.ce_id)).size >= expected ? true : undefined),
      );
    } finally {
      await reader.stop();
    }
    const secrets = personalStrings();
    for (const record of records) {
      const text = `${record.key}\n${record.value.toString()}\n${JSON.stringify(record.headers)}`;
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(record.headers.ce_dataschema).toMatch(/\.analytics\.json$/);
      expect(text).not.toContain('"sealed"');
      fromKafkaRecord(record);
    }
    // The child keeps one pseudonym across topics: the hotline case and the referral carry the same one.
    const pseudonyms = (type: string, pick: (d: Record<string, unknown>) => unknown) =>
      records
        .filter((r) => r.headers.ce_type?.includes(type))
        .map((r) => pick(JSON.parse(r.value.toString()) as Record<string, unknown>));
    const fromCase = pseudonyms('hotline.CaseOpened', (d) => (d.child as Record<string, unknown>).childRef);
    const fromReferral = pseudonyms('referral.Requested', (d) => (d.person as Record<string, unknown>).personRef);
    expect(fromCase[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(fromReferral).toContain(fromCase[0]);
  });
});
