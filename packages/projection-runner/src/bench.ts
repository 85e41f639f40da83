import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Type } from '@sinclair/typebox';
import { createEventRegistry, defineEvent, toKafkaRecord } from '@carebridge/event-schema';
import { createKafkaBus } from '@carebridge/messaging';
import { createProjectionRunner } from './createProjectionRunner';

export type ConsumerBenchOptions = { readonly brokers: readonly string[]; readonly events?: number };

export type BenchResult = { readonly name: string; readonly ours: number; readonly raw: number; readonly ratio: number; readonly unit: string };

const perSecond = (count: number, ms: number): number => Math.round((count * 1000) / Math.max(ms, 1));

const waitFor = async (done: () => boolean): Promise<void> => {
  while (!done()) await new Promise((r) => setTimeout(r, 5));
};

/**
 * Events applied per second through the projection runner (decode, upcast, trace span, retry guard, offset
 * bookkeeping) against a raw kafkajs consumer reading the same topic and doing the same apply (parse + fold
 * into a map), one run. Both start from a fresh group, so both pay one group join.
 */
export const benchConsumer = async (options: ConsumerBenchOptions): Promise<BenchResult> => {
  const events = options.events ?? 20_000;
  const topic = `bench.consumer.${randomUUID().slice(0, 8)}`;
  const registry = createEventRegistry([
    defineEvent({ type: 'bench.Ticked', version: 1, topic, description: 'Bench event.', schema: Type.Object({ n: Type.Integer() }) }),
  ]);
  const bus = createKafkaBus({ brokers: options.brokers, clientId: 'bench-consumer' });
  const kafka = new Kafka({ clientId: 'bench-raw-consumer', brokers: [...options.brokers], logLevel: logLevel.ERROR });
  try {
    await bus.admin.ensureTopics([{ topic, partitions: 3 }]);
    const records = Array.from({ length: events }, (_, i) => {
      const r = toKafkaRecord(
        { eventId: randomUUID(), streamId: `s-${i % 100}`, version: Math.floor(i / 100) + 1, type: 'bench.Ticked', schemaVersion: 1, data: { n: i }, recordedAt: new Date() },
        { source: 'bench', registry },
      );
      return { topic, ...r };
    });
    for (let i = 0; i < records.length; i += 1_000) await bus.publisher.send(records.slice(i, i + 1_000));

    const rawTotals = new Map<string, number>();
    let rawCount = 0;
    // Both timings include connecting and joining a fresh group.
    let rawMs = Date.now();
    const consumer = kafka.consumer({ groupId: `bench-raw-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          const data = JSON.parse(m.value!.toString()) as { n: number };
          const key = m.key!.toString();
          rawTotals.set(key, (rawTotals.get(key) ?? 0) + data.n);
          rawCount += 1;
        }
      },
    });
    await waitFor(() => rawCount >= events);
    rawMs = Date.now() - rawMs;
    await consumer.disconnect();

    const totals = new Map<string, number>();
    let count = 0;
    const runner = createProjectionRunner({
      bus,
      registry,
      groupId: `bench-runner-${randomUUID()}`,
      projection: {
        name: 'bench',
        topics: [topic],
        handle: async (event) => {
          totals.set(event.streamId, (totals.get(event.streamId) ?? 0) + Number(event.data['n']));
          count += 1;
        },
      },
    });
    let ms = Date.now();
    await runner.start();
    await waitFor(() => count >= events);
    ms = Date.now() - ms;
    await runner.stop();
    const ours = perSecond(events, ms);
    const raw = perSecond(events, rawMs);
    return { name: 'consumer', ours, raw, ratio: ours / raw, unit: 'events/s' };
  } finally {
    await bus.close();
  }
};
