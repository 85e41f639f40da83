import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { createMongoDocumentStore } from '@carebridge/document-store-mongodb';
import { createSqliteDocumentStore } from '@carebridge/document-store-sqlite';
import { createEventRegistry, eventRegistry, fromKafkaRecord } from '@carebridge/event-schema';
import { createMongoEventStore, createMongoOutboxStorage } from '@carebridge/event-store-mongodb';
import { createKafkaBus } from '@carebridge/messaging';
import { createOutboxRelay } from '@carebridge/outbox-relay';
import { rebuildProjection } from '@carebridge/projection-runner';
import {
  createMongoKeyVault,
  createPersonalDataCipher,
  createSqliteKeyVault,
  masterKeyOf,
} from '@carebridge/personal-data';
import { createLogger } from '@carebridge/telemetry';
import { createHotlineCasesProjection, evolveHotlineCase, type HotlineCaseRow } from '../src/dashboards/hotlineCases';
import { journeyCollections } from '../src/journey/journeyProjection';
import { createProjectionsService } from '../src/service';
import { scenarioRecords } from '../src/testing/crashLoad';
import { topicNames } from '../src/topics';

export type BenchRow = {
  readonly measure: string;
  readonly ours: string;
  readonly raw: string;
  readonly result: string;
  readonly target: string;
  readonly met: boolean;
};
export type BenchOptions = {
  readonly brokers: readonly string[];
  readonly mongoUri: string;
  readonly events?: number;
  readonly latencySeconds?: number;
  readonly commandsPerSecond?: number;
};

const quiet = () => createLogger({ serviceName: 'projections-bench', level: 'error' });
const devNull = () => new Writable({ write: (_c, _e, done) => done() });
const perSecond = (n: number, ms: number) => Math.round((n * 1000) / Math.max(ms, 1));
const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/**
 * Rebuild of the hotline-cases read model from offset zero against a raw kafkajs consumer reading the same topic
 * and doing the same work (decode, fold, write the row to the same SQLite document store, into a collection with
 * the read model's index, without the applied bookkeeping). The ratio compares replay rates; wall times (group join, reset) are in the measure's text.
 */
export const benchRebuild = async (options: BenchOptions): Promise<BenchRow> => {
  const topics = topicNames({ prefix: `bench_${randomUUID().slice(0, 8)}.` });
  const scenarios = Math.ceil((options.events ?? 10_000) / 5);
  const dir = mkdtempSync(join(tmpdir(), 'pj-bench-'));
  const bus = createKafkaBus({ brokers: options.brokers, clientId: 'projections-bench' });
  const documents = createSqliteDocumentStore({ filename: join(dir, 'documents.db') });
  const vault = createSqliteKeyVault({ filename: join(dir, 'keys.db'), masterKey: masterKeyOf(randomBytes(32)) });
  try {
    const topic = topics.of('hotline.cases.v1');
    await bus.admin.ensureTopics([{ topic, partitions: 6 }]);
    const records = Array.from({ length: scenarios }, (_, i) => scenarioRecords(i, topics.of))
      .flat()
      .filter((r) => r.topic === topic);
    for (let i = 0; i < records.length; i += 1_000) await bus.publisher.send(records.slice(i, i + 1_000));

    const raw = documents.collection<HotlineCaseRow>('rawHotlineCases', { indexes: ['prefecture'] });
    const kafka = new Kafka({
      clientId: 'projections-bench-raw',
      brokers: [...options.brokers],
      logLevel: logLevel.ERROR,
    });
    const consumer = kafka.consumer({ groupId: `bench-raw-${randomUUID()}` });
    const rawSpan = { first: 0, last: 0, count: 0 };
    const rawStart = Date.now();
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          rawSpan.first ||= Date.now();
          const event = fromKafkaRecord(m);
          const id = String(event.data.caseId);
          const row = evolveHotlineCase(await raw.get(id), event);
          if (row) await raw.put(row);
          rawSpan.count += 1;
          rawSpan.last = Date.now();
        }
      },
    });
    while (rawSpan.count < records.length) await new Promise((r) => setTimeout(r, 5));
    const rawWallMs = Date.now() - rawStart;
    await consumer.disconnect();

    // The service's own projection, replayed by the runner's rebuild (reset, offsets to zero, progress bar).
    const projection = createHotlineCasesProjection({ documents, topics });
    const ourSpan = { first: 0, last: 0 };
    const timed = {
      ...projection,
      handle: async (...args: Parameters<typeof projection.handle>) => {
        ourSpan.first ||= Date.now();
        await projection.handle(...args);
        ourSpan.last = Date.now();
      },
    };
    const result = await rebuildProjection({
      bus,
      projection: timed,
      registry: eventRegistry,
      inbox: documents,
      groupId: topics.groupOf(projection.name),
      progress: devNull(),
    });
    // Replay rate: first to last event applied, so the group join and the reset (fixed costs) are reported apart.
    const ours = perSecond(result.events, ourSpan.last - ourSpan.first);
    const base = perSecond(rawSpan.count, rawSpan.last - rawSpan.first);
    const ratio = ours / base;
    return {
      measure: `rebuild hotline-cases from offset 0 (${result.events} events; wall ${(result.durationMs / 1000).toFixed(1)} s vs ${(rawWallMs / 1000).toFixed(1)} s) vs raw kafkajs consumer doing the same fold and write`,
      ours: `${ours} events/s`,
      raw: `${base} events/s`,
      result: ratio.toFixed(2),
      target: '>= 0.7',
      met: ratio >= 0.7,
    };
  } finally {
    await bus.close();
    await documents.close();
    await vault.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

/**
 * From an accepted command (the hotline case's first commit in the MongoDB-wire store) to the journey being
 * readable, through the outbox relay, Kafka and the journey projection on the same document server, under a
 * steady load of new cases.
 */
export const benchJourneyLatency = async (options: BenchOptions): Promise<BenchRow> => {
  const prefix = `bench_${randomUUID().slice(0, 8)}.`;
  const topics = topicNames({ prefix });
  const registry = createEventRegistry(eventRegistry.definitions.map((d) => ({ ...d, topic: topics.of(d.topic) })));
  const client = await new MongoClient(options.mongoUri).connect();
  const db = client.db(`bench_pj_${Date.now().toString(36)}`);
  const bus = createKafkaBus({ brokers: options.brokers, clientId: 'projections-bench-latency' });
  const vault = await createMongoKeyVault({ db, masterKey: masterKeyOf(randomBytes(32)) });
  const cipher = createPersonalDataCipher(vault);
  const store = await createMongoEventStore({ db, registry });
  const relay = createOutboxRelay({
    storage: createMongoOutboxStorage(db),
    publisher: bus.publisher,
    registry,
    source: 'hotline',
    pollIntervalMs: 50,
  });
  const documents = await createMongoDocumentStore({ db });
  const service = createProjectionsService({
    documents,
    keyVault: vault,
    bus,
    pseudonymKey: randomBytes(32),
    log: quiet(),
    topicPrefix: prefix,
    analyticsOf: [],
  });
  const { journeys } = journeyCollections(documents);
  const latencies: number[] = [];
  try {
    await service.readModels.start();
    relay.start();
    const rate = options.commandsPerSecond ?? 4;
    const total = rate * (options.latencySeconds ?? 20);
    const one = async (i: number): Promise<void> => {
      const caseId = `bench-${i}-${randomUUID().slice(0, 8)}`;
      const data = scenarioRecords(i, topics.of)[0]!;
      const opened = { ...(JSON.parse(data.value.toString()) as Record<string, unknown>), caseId };
      const sealed = await cipher.sealPersonalFields(registry, 'hotline.CaseOpened', opened, () => `child:ch-${i}`);
      await store.append(`hotline-case-${caseId}`, [{ type: 'hotline.CaseOpened', data: sealed }], {
        expectedVersion: 'no_stream',
        commandId: randomUUID(),
      });
      const accepted = Date.now();
      while (!(await journeys.get(`hotline:${caseId}`))) await new Promise((r) => setTimeout(r, 10));
      latencies.push(Date.now() - accepted);
    };
    const running: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      running.push(one(i));
      await new Promise((r) => setTimeout(r, 1000 / rate));
    }
    await Promise.all(running);
  } finally {
    await relay.stop();
    await service.readModels.stop();
    await bus.close();
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  return {
    measure: `command accepted → journey visible (${sorted.length} cases at ${options.commandsPerSecond ?? 4}/s; relay, Kafka, FerretDB)`,
    ours: `p50 ${p50} ms`,
    raw: '-',
    result: `p99 ${p99} ms`,
    target: 'p99 < 5000 ms',
    met: p99 < 5_000,
  };
};

/** What `npm run bench` (tests/bench/run.mjs) records for this service. */
export const benchProjections = async (options: BenchOptions): Promise<BenchRow[]> => [
  await benchRebuild(options),
  await benchJourneyLatency(options),
];
