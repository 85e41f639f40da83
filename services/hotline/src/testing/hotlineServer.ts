import { randomBytes } from 'node:crypto';
import { createEventRegistry, eventRegistry, fromKafkaRecord, type EventRegistry } from '@carebridge/event-schema';
import { outboxBacklog } from '@carebridge/event-store-mongodb';
import { createTestClient, issueTestToken, testAuthOptions, type TestClient } from '@carebridge/grpc-kit/testing';
import type { IncomingRecord, MessageBus } from '@carebridge/messaging';
import { createPersonalDataCipher, masterKeyOf, type KeyVault } from '@carebridge/personal-data';
import { openInfrastructure, runService, type RunningService } from '@carebridge/service-host';
import {
  eventually,
  kafkaBrokers,
  mongoUri,
  openTestDatabase,
  uniqueName,
  type TestDatabase,
} from '@carebridge/test-engines';
import { HOTLINE_SERVICE } from '../grpc/handlers';
import { createHotlineService, type HotlineRuntime } from '../service';
import { manualClock } from './harness';

export type Caller = { readonly sub: string; readonly roles: readonly string[]; readonly division: string };

/**
 * The registry with every topic suffixed for this run: the broker is shared with other test files, and these
 * tests read topics from the beginning.
 */
export const runRegistry = (suffix: string): EventRegistry =>
  createEventRegistry(eventRegistry.definitions.map((d) => ({ ...d, topic: `${d.topic}.${suffix}` })));

export type HotlineServer = {
  readonly runId: string;
  readonly registry: EventRegistry;
  readonly database: TestDatabase;
  readonly bus: MessageBus;
  readonly keyVault: KeyVault;
  readonly runtime: HotlineRuntime;
  readonly running: RunningService;
  readonly clock: ReturnType<typeof manualClock>;
  clientFor(caller: Caller): Promise<TestClient>;
  /** Waits until the relay has published every commit of the store. */
  published(timeoutMs?: number): Promise<void>;
  /** Every record of the given topics from the beginning, read by a fresh consumer group. */
  readTopics(
    topics: readonly string[],
    until: (records: readonly IncomingRecord[]) => boolean,
    timeoutMs?: number,
  ): Promise<IncomingRecord[]>;
  /** Opens the personal fields of a record with the shared key vault (null where a key was destroyed). */
  openRecord(record: IncomingRecord): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
};

/** The hotline on the real engines as the host runs it (service-host: kit gRPC server, outbox relay to Kafka, projections, jobs). */
export const startHotlineServer = async (
  prefix: string,
  options: { start?: string; watchIntervalMs?: number } = {},
): Promise<HotlineServer> => {
  const runId = uniqueName(prefix);
  const registry = runRegistry(runId);
  const database = await openTestDatabase(prefix);
  const clock = manualClock(options.start ?? '2026-03-01T08:00:00.000Z');
  const infra = await openInfrastructure({
    mode: 'real',
    serviceName: 'hotline',
    mongodbUri: mongoUri(),
    database: database.name,
    // The run's own key vault: record keys are named by ids that runs repeat (they come from idempotency keys).
    keyVaultDatabase: database.name,
    kafkaBrokers: kafkaBrokers(),
    registry,
    clock: clock.now,
    masterKey: masterKeyOf(randomBytes(32)),
    pseudonymKey: randomBytes(32),
  });
  const deps = infra.depsFor('hotline');
  const bus = infra.bus;
  const keyVault = deps.keyVault;
  const produced = new Set(
    registry.definitions.filter((d) => /^(hotline|referral)\./.test(d.type)).map((d) => d.topic),
  );
  await bus.admin.ensureTopics([...produced].map((topic) => ({ topic })));
  // A watcher that looks every 30 s would never look within a test; the clock is moved by hand anyway.
  const runtime = createHotlineService({ ...deps, registry, watchIntervalMs: options.watchIntervalMs ?? 200 });
  const running = await runService(runtime, infra, {
    grpcPort: 0,
    httpPort: false,
    auth: testAuthOptions(),
    host: '127.0.0.1',
    handleSignals: false,
    graceMs: 10_000,
  });
  const address = `127.0.0.1:${running.grpcPort}`;
  const clients: TestClient[] = [];
  const cipher = createPersonalDataCipher(keyVault);

  return {
    runId,
    registry,
    database,
    bus,
    keyVault,
    runtime,
    running,
    clock,
    async clientFor(caller) {
      const token = await issueTestToken({ ...caller, expiresIn: 3600 });
      const client = createTestClient({
        address,
        protoFiles: runtime.grpc.protoFiles,
        service: HOTLINE_SERVICE,
        token,
      });
      clients.push(client);
      // Every call under a deadline: a stuck call fails naming its method instead of timing the test out.
      return {
        ...client,
        call: (method, request, call = {}) => client.call(method, request, { deadlineMs: 60_000, ...call }),
      };
    },
    async published(timeoutMs = 60_000) {
      await eventually(async () => expect(await outboxBacklog(database.db)).toBe(0), {
        what: 'the relay to publish every commit',
        timeoutMs,
        intervalMs: 200,
      });
    },
    async readTopics(topics, until, timeoutMs = 60_000) {
      const records: IncomingRecord[] = [];
      const reader = await bus.subscribe({
        groupId: uniqueName(`${prefix}_reader`),
        topics,
        fromBeginning: true,
        eachBatch: (batch) => {
          records.push(...batch.records);
          return Promise.resolve();
        },
      });
      try {
        await eventually(
          () => {
            if (!until(records)) throw new Error(`read ${records.length} records so far`);
          },
          { what: 'the expected records', timeoutMs, intervalMs: 200 },
        );
      } finally {
        await reader.stop();
      }
      return records;
    },
    async openRecord(record) {
      const event = fromKafkaRecord(record);
      return (await cipher.openPersonalFields(registry, event.type, event.data)).data;
    },
    async stop() {
      clients.forEach((c) => c.close());
      await running.stop(10_000);
      await infra.close();
      await database.dispose();
    },
  };
};

/** What a failed call carried: its status code. */
export const failure = (promise: Promise<unknown>): Promise<{ code?: number; details?: string }> =>
  promise.then(
    () => ({}),
    (err: { code?: number; details?: string }) => err,
  );
