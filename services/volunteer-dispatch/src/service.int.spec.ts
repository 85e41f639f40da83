import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { eventRegistry, fromKafkaRecord, toKafkaRecord } from '@carebridge/event-schema';
import { testAuthOptions } from '@carebridge/grpc-kit/testing';
import type { IncomingRecord } from '@carebridge/messaging';
import { createPersonalDataCipher, masterKeyOf } from '@carebridge/personal-data';
import { openInfrastructure, runService, type Infrastructure, type RunningService } from '@carebridge/service-host';
import { waitUntil } from '@carebridge/service-host/testing';
import { createVolunteerDispatchService } from './service';
import { HOME, START } from './testing/e2eFixtures';

jest.setTimeout(300_000);

/** The service on the embedded infrastructure `npm start` uses: SQLite files and the in-process bus. */
describe('volunteer-dispatch on the embedded infrastructure', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dispatch-service-'));
  const secrets = {
    masterKey: masterKeyOf(randomBytes(32)),
    pseudonymKey: randomBytes(32),
    clock: () => new Date(Date.parse(START)),
  };
  let infra: Infrastructure;
  afterAll(async () => {
    await infra?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('seeds 20,000 demo volunteers in seconds, once, and rebuilds them from the log on restart', async () => {
    infra = await openInfrastructure({ mode: 'embedded', dataDir, ...secrets });
    const deps = infra.depsFor('volunteer-dispatch');
    const runtime = await createVolunteerDispatchService(deps);
    // How fast it seeds is the benchmark's business (npm run bench); this test's timeout bounds it.
    await runtime.seed!();
    expect(runtime.app.index.size).toBe(20_000);

    // Once: a second seed finds the volunteers there and writes nothing (rather than timing it).
    const append = jest.spyOn(deps.eventStore, 'append');
    await runtime.seed!();
    expect(runtime.app.index.size).toBe(20_000);
    expect(append).not.toHaveBeenCalled();
    append.mockRestore();
    await infra.close();

    infra = await openInfrastructure({ mode: 'embedded', dataDir, ...secrets });
    const restarted = await createVolunteerDispatchService(infra.depsFor('volunteer-dispatch'));
    expect(restarted.app.index.size).toBe(20_000);
  });

  it('turns a referral on referrals.v1 into a dispatched order and reports back on the same topic', async () => {
    const runtime = await createVolunteerDispatchService(infra.depsFor('volunteer-dispatch'));
    const running: RunningService = await runService(runtime, infra, {
      grpcPort: 0,
      httpPort: false,
      host: '127.0.0.1',
      auth: testAuthOptions(),
      handleSignals: false,
    });
    const outcomes: IncomingRecord[] = [];
    const watcher = await infra.bus.subscribe({
      groupId: `watch-${randomUUID()}`,
      topics: ['referrals.v1'],
      fromBeginning: true,
      eachBatch: (b) => {
        outcomes.push(...b.records);
        return Promise.resolve();
      },
    });
    try {
      const referralId = randomUUID();
      const data = {
        referralId,
        from: { programme: 'hotline', caseId: 'case-1', division: '420102' },
        to: 'dispatch',
        request: { kind: 'groceries', serviceId: HOME },
        person: { personRef: 'p-1', name: '李奶奶', division: '420102', isChild: false },
        requestedAt: '2020-02-17T06:00:00.000Z',
      };
      // Sealed by the referring programme under its own keys, as on the real topic.
      const hotlineVault = infra.depsFor('hotline').keyVault;
      const sealed = await createPersonalDataCipher(hotlineVault).sealPersonalFields(
        eventRegistry,
        'referral.Requested',
        data,
        () => 'person:p-1',
      );
      const record = toKafkaRecord(
        {
          eventId: randomUUID(),
          streamId: `referral-${referralId}`,
          version: 1,
          type: 'referral.Requested',
          schemaVersion: 1,
          data: sealed,
          recordedAt: new Date(),
        },
        { source: 'hotline' },
      );
      await infra.bus.publisher.send([{ topic: 'referrals.v1', ...record }]);

      const orderId = `ref-${referralId}`;
      await waitUntil(
        'the referred order',
        async () => (await runtime.app.engine.loadOrder(orderId).catch(() => undefined)) !== undefined,
        30_000,
      );
      const order = await runtime.app.engine.loadOrder(orderId);
      expect(order.order).toMatchObject({
        need: 'groceries',
        community: HOME,
        source: { kind: 'referral', referralId, programme: 'hotline', caseId: 'case-1' },
      });
      expect(['offered', 'open']).toContain(order.status);

      await waitUntil(
        'the outcome on referrals.v1',
        () => outcomes.map((r) => fromKafkaRecord(r)).some((e) => e.type === 'referral.OutcomeReported'),
        30_000,
      );
      const reported = outcomes.map((r) => fromKafkaRecord(r)).filter((e) => e.type === 'referral.OutcomeReported');
      expect(reported.map((e) => e.data)).toContainEqual(
        expect.objectContaining({
          referralId,
          targetRef: orderId,
          outcome: 'received',
          to: 'dispatch',
          from: 'hotline',
        }),
      );
    } finally {
      await watcher.stop();
      await running.stop(5_000);
    }
  });
});
