import { randomBytes } from 'node:crypto';
import { createMongoDocumentStore } from '@carebridge/document-store-mongodb';
import { eventRegistry } from '@carebridge/event-schema';
import { createMongoEventStore, createMongoOutboxStorage } from '@carebridge/event-store-mongodb';
import type { TestClient } from '@carebridge/grpc-kit/testing';
import { createOutboxRelay, type OutboxRelay } from '@carebridge/outbox-relay';
import { createPersonalDataCipher } from '@carebridge/personal-data';
import { createProjectionRunner, type ProjectionRunner } from '@carebridge/projection-runner';
import { createLogger } from '@carebridge/telemetry';
import { eventually, openTestDatabase, uniqueName } from '@carebridge/test-engines';
import { applicationIdOfReferral } from '../../relief-intake/src/application/referralConsumer';
import { createReliefIntakeService } from '../../relief-intake/src/service';
import { startHotlineServer, type HotlineServer } from './testing/hotlineServer';

jest.setTimeout(300_000);

const CHILD = '马小燕';
const CHILD_ID = '630121201701010021';

type CaseReply = { caseId: string; status: string; late: boolean };
type Timeline = { type: string; dataJson: string }[];

/**
 * The relief service beside the hotline, on the same broker and key vault (the suite runs one vault), its
 * store in a database of its own: its referral intake reads the run's referrals topic, its relay publishes
 * the outcome back there.
 */
const startRelief = async (hotline: HotlineServer) => {
  const database = await openTestDatabase('hotline_path_relief');
  const eventStore = await createMongoEventStore({ db: database.db, registry: eventRegistry });
  const documents = await createMongoDocumentStore({ db: database.db });
  const log = createLogger({ serviceName: 'relief-intake', level: process.env.LOG_LEVEL ?? 'warn' });
  const runtime = createReliefIntakeService({
    eventStore,
    documents,
    keyVault: hotline.keyVault,
    bus: hotline.bus,
    clock: hotline.clock.now,
    pseudonymKey: randomBytes(32),
    log,
  });
  const referrals = hotline.registry.latest('referral.Requested')!.topic;
  const reliefTopics = new Set(
    hotline.registry.definitions.filter((d) => d.type.startsWith('relief.')).map((d) => d.topic),
  );
  await hotline.bus.admin.ensureTopics([...reliefTopics].map((topic) => ({ topic })));
  const relay: OutboxRelay = createOutboxRelay({
    storage: createMongoOutboxStorage(database.db),
    publisher: hotline.bus.publisher,
    registry: hotline.registry,
    source: runtime.name,
    pollIntervalMs: 100,
  });
  relay.start();
  const runners: ProjectionRunner[] = [];
  for (const projection of runtime.projections ?? []) {
    const runner = createProjectionRunner({
      bus: hotline.bus,
      projection: { ...projection, topics: [referrals] },
      groupId: uniqueName(projection.name),
      registry: hotline.registry,
      inbox: documents,
    });
    await runner.start();
    runners.push(runner);
  }
  return {
    eventStore: eventStore,
    database: database,
    async stop() {
      await Promise.all(runners.map((r) => r.stop()));
      await relay.stop();
      await database.dispose();
    },
  };
};

describe('the whole path through the real gRPC server (FerretDB + Kafka)', () => {
  let hotline: HotlineServer;
  let relief: Awaited<ReturnType<typeof startRelief>>;
  let operator: TestClient;
  let handler: TestClient;

  beforeAll(async () => {
    hotline = await startHotlineServer('hotline_path');
    relief = await startRelief(hotline);
    operator = await hotline.clientFor({ sub: 'op-xining', roles: ['hotline.operator'], division: '630100' });
    handler = await hotline.clientFor({ sub: 'h-datong', roles: ['hotline.handler'], division: '630121' });
  }, 120_000);
  afterAll(async () => {
    await relief?.stop();
    await hotline?.stop();
  }, 60_000);

  const timelineOf = async (caseId: string): Promise<Timeline> =>
    (await operator.call<{ timeline: Timeline }>('GetCase', { caseId })).timeline;

  test('contact → case → assignment → acceptance → referral to relief → draft application → reply → close', async () => {
    const request = {
      channel: 'phone',
      caller: { name: '韩老师', phone: '13912345678', relation: 'teacher' },
      child: { name: CHILD, age: 9, idNumber: CHILD_ID, locationDivision: '630121', locationDetail: '桥头镇' },
      caseType: 'living_hardship',
      urgency: 'urgent',
      narrative: 'the family lost its house in a fire; the child sleeps at the school',
    };
    const contact = await operator.call<{ contactId: string; childRef: string }>('RecordContact', request, {
      idempotencyKey: 'path-contact',
    });
    // A retry under the same key is the same contact, not a second one.
    expect(await operator.call('RecordContact', request, { idempotencyKey: 'path-contact' })).toEqual(contact);
    const opened = await operator.call<CaseReply>(
      'OpenCase',
      { contactIds: [contact.contactId] },
      { idempotencyKey: 'path-open' },
    );
    expect(opened.status).toBe('open');
    const caseId = opened.caseId;

    expect(
      await operator.call<CaseReply>('AssignCase', { caseId, county: '' }, { idempotencyKey: 'path-assign' }),
    ).toMatchObject({ status: 'assigned' });
    expect(await handler.call<CaseReply>('AcceptCase', { caseId }, { idempotencyKey: 'path-accept' })).toMatchObject({
      status: 'accepted',
      late: false,
    });
    await handler.call(
      'RecordAction',
      { caseId, kind: 'visit', note: 'home visit with the village committee' },
      { idempotencyKey: 'path-visit' },
    );

    const referred = await handler.call<{ case: CaseReply; referralId: string }>(
      'ReferCase',
      { caseId, target: { programme: { programme: 'relief', request: 'basic_living' } }, note: 'house burnt down' },
      { idempotencyKey: 'path-refer' },
    );
    const applicationId = applicationIdOfReferral(referred.referralId);

    // The relief service drafts the application from referrals.v1; its outcome comes back onto the case.
    const outcome = await eventually(
      async () => {
        const recorded = (await timelineOf(caseId)).find((e) => e.type === 'hotline.ReferralOutcomeRecorded');
        return recorded ? (JSON.parse(recorded.dataJson) as { outcome: string; targetRef: string }) : false;
      },
      { what: 'the referral outcome to reach the case', timeoutMs: 240_000, intervalMs: 500 },
    );
    expect(outcome).toMatchObject({ outcome: 'received', targetRef: applicationId });

    const draft = await relief.eventStore.readStream(`relief-application-${applicationId}`);
    expect(draft.map((e) => e.type)).toEqual(['relief.ApplicationDrafted', 'referral.OutcomeReported']);
    const drafted = await createPersonalDataCipher(hotline.keyVault).openPersonalFields(
      eventRegistry,
      draft[0]!.type,
      draft[0]!.data,
    );
    expect(drafted.data).toMatchObject({
      referral: { referralId: referred.referralId, caseId, fromProgramme: 'hotline' },
    });
    expect(JSON.stringify(drafted.data)).toContain(CHILD);

    // A case cannot close before the unified reply to the caller.
    const early = await operator
      .call(
        'CloseCase',
        { caseId, outcome: 'referred', summary: 'referred to charity relief' },
        { idempotencyKey: 'path-close-early' },
      )
      .catch((e: unknown) => e);
    expect(early).toMatchObject({ code: 9 }); // FAILED_PRECONDITION
    await operator.call(
      'RecordReply',
      { caseId, channel: 'phone', summary: 'told the teacher relief is being arranged' },
      { idempotencyKey: 'path-reply' },
    );
    expect(
      await operator.call<CaseReply>(
        'CloseCase',
        { caseId, outcome: 'referred', summary: 'referred to charity relief' },
        { idempotencyKey: 'path-close' },
      ),
    ).toMatchObject({
      status: 'closed',
    });

    const final = await operator.call<{
      summary: { status: string };
      replied: boolean;
      child: { name: string };
      timeline: Timeline;
    }>('GetCase', { caseId });
    expect(final.summary.status).toBe('closed');
    expect(final.replied).toBe(true);
    expect(final.child.name).toBe(CHILD);
    expect(final.timeline.map((e) => e.type)).toEqual([
      'hotline.CaseOpened',
      'hotline.CaseAssigned',
      'hotline.CaseAccepted',
      'hotline.ActionRecorded',
      'hotline.CaseReferred',
      'referral.Requested',
      'hotline.ReferralOutcomeRecorded',
      'hotline.ReplyRecorded',
      'hotline.CaseClosed',
    ]);
    const listed = await operator.call<{ cases: { caseId: string; status: string }[] }>('ListCases', {
      status: 'closed',
    });
    expect(listed.cases.map((c) => c.caseId)).toEqual([caseId]);
  });
});
