import { randomUUID } from 'node:crypto';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import type { Db } from 'mongodb';
import { Type } from '@sinclair/typebox';
import { createEventRegistry, defineEvent } from '@carebridge/event-schema';
import { shardOf, type StoredCommit } from '@carebridge/event-store';
import { createKafkaBus } from '@carebridge/messaging';
import { commitRecords } from './commitRecords';
import { createOutboxRelay } from './createOutboxRelay';
import type { OutboxStorage } from './outboxStorage';

export type RelayBenchOptions = {
  readonly brokers: readonly string[];
  /** An empty database of a MongoDB store: the bench writes commit documents (the agreed layout) into it. */
  readonly db: Db;
  /** The outbox of that store (event-store-mongodb's createMongoOutboxStorage(db)). */
  readonly outbox: OutboxStorage;
  readonly events?: number;
  readonly batchSize?: number;
};

export type BenchResult = { readonly name: string; readonly ours: number; readonly raw: number; readonly ratio: number; readonly unit: string };

const perSecond = (count: number, ms: number): number => Math.round((count * 1000) / Math.max(ms, 1));

/**
 * Relay msgs/s (poll by state, publish, mark) against a raw kafkajs producer sending the very same records with
 * the same batching and the same producer settings (idempotent, acks=all, one request in flight), one run.
 */
export const benchRelay = async (options: RelayBenchOptions): Promise<BenchResult> => {
  const events = options.events ?? 5_000;
  const batchSize = options.batchSize ?? 500;
  const suffix = randomUUID().slice(0, 8);
  const relayTopic = `bench.relay.${suffix}`;
  const rawTopic = `bench.raw.${suffix}`;
  const registry = createEventRegistry([
    defineEvent({ type: 'bench.Ticked', version: 1, topic: relayTopic, description: 'Bench event.', schema: Type.Object({ n: Type.Integer() }) }),
  ]);
  const commits: StoredCommit[] = Array.from({ length: events }, (_, i) => {
    const streamId = `bench-${i % 100}`;
    const version = Math.floor(i / 100) + 1;
    return {
      commitId: randomUUID(), streamId, fromVersion: version, toVersion: version, position: i + 1,
      events: [{ eventId: randomUUID(), type: 'bench.Ticked', schemaVersion: 1, data: { n: i } }],
      commandId: randomUUID(), recordedAt: new Date(), shard: shardOf(streamId), dispatched: false,
    };
  });
  const bus = createKafkaBus({ brokers: options.brokers, clientId: 'bench-relay' });
  const relay = createOutboxRelay({ storage: options.outbox, publisher: bus.publisher, registry, source: 'bench', batchSize });
  await relay.drainOnce(); // leases taken before timing, as a running relay holds them
  await options.db.collection('commits').insertMany(
    commits.map(({ commitId, ...rest }) => ({ _id: commitId as never, ...rest })),
  );
  const kafka = new Kafka({ clientId: 'bench-raw', brokers: [...options.brokers], logLevel: logLevel.ERROR });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  try {
    await bus.admin.ensureTopics([{ topic: relayTopic, partitions: 3 }, { topic: rawTopic, partitions: 3 }]);
    await producer.connect();
    await bus.publisher.send([]); // connections opened before timing

    let relayMs = Date.now();
    let dispatched = 0;
    while (dispatched < events) dispatched += await relay.drainOnce();
    relayMs = Date.now() - relayMs;
    await relay.stop();

    // The relay sends up to batchSize commits per send: the raw producer gets the same batches.
    const batches: (typeof commits)[] = [];
    for (let i = 0; i < commits.length; i += batchSize) batches.push(commits.slice(i, i + batchSize));
    let rawMs = Date.now();
    for (const commitBatch of batches) {
      const batch = commitBatch.flatMap((c) => commitRecords(c, registry, 'bench'));
      await producer.send({ topic: rawTopic, acks: -1, messages: batch.map((r) => ({ key: r.key, value: r.value, headers: { ...r.headers } })) });
    }
    rawMs = Date.now() - rawMs;
    const ours = perSecond(events, relayMs);
    const raw = perSecond(events, rawMs);
    return { name: 'relay', ours, raw, ratio: ours / raw, unit: 'msgs/s' };
  } finally {
    await producer.disconnect();
    await bus.close();
  }
};
