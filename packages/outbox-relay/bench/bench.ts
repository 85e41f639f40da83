import { randomUUID } from 'node:crypto';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { Type } from '@sinclair/typebox';
import { createEventRegistry, defineEvent, type EventRegistry } from '@carebridge/event-schema';
import type { EventStore } from '@carebridge/event-store';
import { createKafkaBus, type OutgoingRecord } from '@carebridge/messaging';
import { commitRecords, inStreamOrder } from '../src/commitRecords';
import { createOutboxRelay } from '../src/createOutboxRelay';
import type { OutboxStorage } from '../src/outboxStorage';

/**
 * A store under test: its EventStore to append through, the relay's view of the same storage in the same process,
 * and one over another connection (nothing handed over in process: what a restarted relay or one in another
 * process reads).
 */
export type BenchStore = {
  readonly store: EventStore;
  readonly outbox: OutboxStorage;
  readonly outboxElsewhere: OutboxStorage;
};

export type RelayBenchOptions = {
  readonly brokers: readonly string[];
  /** Opens an empty store for the bench's own event type (a scratch database or file). */
  readonly openStore: (registry: EventRegistry) => Promise<BenchStore>;
  readonly events?: number;
  readonly catchUpEvents?: number;
  readonly batchSize?: number;
};

export type BenchResult = {
  readonly name: string;
  readonly ours: number;
  readonly raw: number;
  readonly ratio: number;
  readonly unit: string;
};
export type RelayBenchResult = BenchResult & {
  /** A relay over the other connection draining a backlog of `catchUpEvents`, against the raw producer sending the same. */
  readonly catchUp: BenchResult & { readonly events: number };
};

const perSecond = (count: number, ms: number): number => Math.round((count * 1000) / Math.max(ms, 1));

/**
 * Relay msgs/s (read the log, publish, move the checkpoints) against a raw kafkajs producer sending the very same
 * records in the very same batches with the same producer settings (idempotent, acks=all, one request in flight),
 * one run. The commits are appended through the store before timing; the relay's time includes reading them and
 * writing its checkpoints. After an untimed warm-up round, rounds of 5,000 in alternating orders, so neither side always
 * runs on a quieter machine. Then a backlog drained by a relay on another connection, which reads every commit
 * from the server (after a restart, or when another process wrote them).
 */
export const benchRelay = async (options: RelayBenchOptions): Promise<RelayBenchResult> => {
  const events = options.events ?? 5_000;
  const catchUpEvents = options.catchUpEvents ?? 1_000;
  const batchSize = options.batchSize ?? 500;
  // Rounds stay within what the MongoDB store hands its relay in memory (the last 10,000 commits).
  const rounds = Math.max(2, Math.ceil(events / 5_000));
  const suffix = randomUUID().slice(0, 8);
  const relayTopic = `bench.relay.${suffix}`;
  const rawTopic = `bench.raw.${suffix}`;
  const warmTopic = `bench.warm.${suffix}`;
  const registry = createEventRegistry([
    defineEvent({
      type: 'bench.Ticked',
      version: 1,
      topic: relayTopic,
      description: 'Bench event.',
      schema: Type.Object({ n: Type.Integer() }),
    }),
  ]);
  const { store, outbox, outboxElsewhere } = await options.openStore(registry);
  const bus = createKafkaBus({ brokers: options.brokers, clientId: 'bench-relay' });
  // When the broker acknowledged the last record: a read that finds nothing more delays no record, so it is not timed.
  let published = 0;
  let lastAckAt = 0;
  const onPublished = (commits: readonly unknown[]) => {
    published += commits.length;
    lastAckAt = Date.now();
  };
  const relay = createOutboxRelay({
    storage: outbox,
    publisher: bus.publisher,
    registry,
    source: 'bench',
    batchSize,
    onPublished,
  });
  const restarted = createOutboxRelay({
    storage: outboxElsewhere,
    publisher: bus.publisher,
    registry,
    source: 'bench',
    batchSize,
    onPublished,
  });
  const kafka = new Kafka({ clientId: 'bench-raw', brokers: [...options.brokers], logLevel: logLevel.ERROR });
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  try {
    await bus.admin.ensureTopics([
      { topic: relayTopic, partitions: 3 },
      { topic: rawTopic, partitions: 3 },
      { topic: warmTopic, partitions: 3 },
    ]);
    await producer.connect();
    // Both producers connected (the idempotent one also has its producer id) and the send path warm before timing.
    const warm = Array.from({ length: batchSize }, (_, n) => ({
      topic: warmTopic,
      key: `w-${n % 100}`,
      value: String(n),
      headers: {},
    }));
    await bus.publisher.send(warm);
    await producer.send({ topic: warmTopic, acks: -1, messages: warm });

    const timeRelay = async (count: number, which = relay): Promise<number> => {
      const started = Date.now();
      const target = published + count;
      while (published < target) await which.drainOnce();
      return lastAckAt - started;
    };
    // The batches a relay holding every shard sends: the log after `after`, batchSize at a time, each in stream order.
    let after = (await outbox.readAfter(0, 1_000_000)).checkpoint;
    const appendAndBatch = async (count: number): Promise<OutgoingRecord[][]> => {
      for (let i = 0; i < count; i++) {
        await store.append(`bench-${i % 100}`, [{ type: 'bench.Ticked', data: { n: i } }], {
          expectedVersion: 'any',
          commandId: randomUUID(),
        });
      }
      const batches: OutgoingRecord[][] = [];
      for (let read = 0; read < count;) {
        const page = await outbox.readAfter(after, batchSize);
        batches.push(inStreamOrder(page.commits).flatMap((c) => commitRecords(c, registry, 'bench')));
        read += page.commits.length;
        after = page.checkpoint;
      }
      return batches;
    };
    const timeRaw = async (batches: readonly OutgoingRecord[][]): Promise<number> => {
      const started = Date.now();
      for (const batch of batches) {
        await producer.send({
          topic: rawTopic,
          acks: -1,
          messages: batch.map((r) => ({ key: r.key, value: r.value, headers: { ...r.headers } })),
        });
      }
      return Date.now() - started;
    };

    let [relayMs, rawMs, total] = [0, 0, 0];
    // Round 0 warms both paths (two batches, not timed); then the timed rounds.
    for (let round = 0; round <= rounds; round++) {
      const count = round === 0 ? batchSize * 2 : Math.ceil(events / rounds);
      const batches = await appendAndBatch(count);
      // Odd rounds time the relay first, even rounds the raw producer first.
      let relayTook: number;
      let rawTook: number;
      if (round % 2 === 1) {
        relayTook = await timeRelay(count);
        rawTook = await timeRaw(batches);
      } else {
        rawTook = await timeRaw(batches);
        relayTook = await timeRelay(count);
      }
      if (round === 0) continue;
      relayMs += relayTook;
      rawMs += rawTook;
      total += count;
    }
    const ours = perSecond(total, relayMs);
    const raw = perSecond(total, rawMs);

    // The backlog: this relay stops (its checkpoints saved, its leases given back), the other one takes over.
    await relay.stop();
    const backlog = await appendAndBatch(catchUpEvents);
    const rawCatchUp = perSecond(catchUpEvents, await timeRaw(backlog));
    const oursCatchUp = perSecond(catchUpEvents, await timeRelay(catchUpEvents, restarted));
    return {
      name: 'relay',
      ours,
      raw,
      ratio: ours / raw,
      unit: 'msgs/s',
      catchUp: {
        name: 'relay catching up',
        ours: oursCatchUp,
        raw: rawCatchUp,
        ratio: oursCatchUp / rawCatchUp,
        unit: 'msgs/s',
        events: catchUpEvents,
      },
    };
  } finally {
    await relay.stop();
    await restarted.stop();
    await producer.disconnect();
    await bus.close();
  }
};
