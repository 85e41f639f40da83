import { randomBytes } from 'node:crypto';
import { createMongoDocumentStore } from '@carebridge/document-store-mongodb';
import { createEventRegistry, eventRegistry, fromKafkaRecord, type EventRegistry } from '@carebridge/event-schema';
import { createMongoEventStore, createMongoOutboxStorage } from '@carebridge/event-store-mongodb';
import { createTestClient, issueTestToken, testAuthOptions, type TestClient } from '@carebridge/grpc-kit';
import { createKafkaBus, type IncomingRecord, type MessageBus } from '@carebridge/messaging';
import { createMongoKeyVault, createPersonalDataCipher, masterKeyOf, type KeyVault } from '@carebridge/personal-data';
import { createLogger } from '@carebridge/telemetry';
import { kafkaBrokers, openTestDatabase, uniqueName, type TestDatabase } from '@carebridge/test-engines';
import { HOTLINE_SERVICE } from '../grpc/handlers';
import { runHotline, type RunningHotline } from '../runHotline';
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
  readonly running: RunningHotline;
  readonly clock: ReturnType<typeof manualClock>;
  clientFor(caller: Caller): Promise<TestClient>;
  /** Waits until the relay has published every commit of the store. */
  published(timeoutMs?: number): Promise<void>;
  /** Every record of the given topics from the beginning, read by a fresh consumer group. */
  readTopics(topics: readonly string[], until: (records: readonly IncomingRecord[]) => boolean, timeoutMs?: number): Promise<IncomingRecord[]>;
  /** Opens the personal fields of a record with the shared key vault (null where a key was destroyed). */
  openRecord(record: IncomingRecord): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
};

/** The hotline on the real engines as the host runs it: kit gRPC server, outbox relay to Kafka, projection runners. */
export const startHotlineServer = async (prefix: string, options: { start?: string; startJobs?: boolean; watchIntervalMs?: number } = {}): Promise<HotlineServer> => {
  const runId = uniqueName(prefix);
  const registry = runRegistry(runId);
  const database = await openTestDatabase(prefix);
  const clock = manualClock(options.start ?? '2026-03-01T08:00:00.000Z');
  const log = createLogger({ serviceName: 'hotline', level: process.env.LOG_LEVEL ?? 'warn' });
  const bus = createKafkaBus({ brokers: kafkaBrokers(), clientId: runId });
  const documents = await createMongoDocumentStore({ db: database.db });
  const keyVault = await createMongoKeyVault({ db: database.db, masterKey: masterKeyOf(randomBytes(32)) });
  const runtime = createHotlineService({
    eventStore: await createMongoEventStore({ db: database.db, registry, clock: clock.now }),
    documents,
    keyVault,
    bus,
    clock: clock.now,
    pseudonymKey: randomBytes(32),
    log,
    registry,
    ...(options.watchIntervalMs ? { watchIntervalMs: options.watchIntervalMs } : {}),
  });
  const running = await runHotline(runtime, {
    outbox: createMongoOutboxStorage(database.db),
    bus,
    registry,
    documents,
    auth: testAuthOptions(),
    grpcPort: 0,
    host: '127.0.0.1',
    logger: log,
    groupSuffix: runId,
    startJobs: options.startJobs ?? false,
    relayPollMs: 100,
  });
  const address = `127.0.0.1:${running.port}`;
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
      const client = createTestClient({ address, protoFiles: runtime.grpc.protoFiles, service: HOTLINE_SERVICE, token });
      clients.push(client);
      return client;
    },
    async published(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while ((await database.db.collection('commits').countDocuments({ dispatched: false })) > 0) {
        if (Date.now() > deadline) throw new Error('the relay did not publish every commit in time');
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async readTopics(topics, until, timeoutMs = 60_000) {
      const records: IncomingRecord[] = [];
      const reader = await bus.subscribe({
        groupId: uniqueName(`${prefix}_reader`),
        topics,
        fromBeginning: true,
        eachBatch: async (batch) => void records.push(...batch.records),
      });
      const deadline = Date.now() + timeoutMs;
      try {
        while (!until(records)) {
          if (Date.now() > deadline) throw new Error(`read ${records.length} records; the expected ones never came`);
          await new Promise((r) => setTimeout(r, 200));
        }
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
      await running.stop(5_000);
      await bus.close();
      await keyVault.close();
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
