import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Type } from '@sinclair/typebox';
import { createEventRegistry, defineEvent, toKafkaRecord } from '@carebridge/event-schema';
import { createKafkaBus } from '@carebridge/messaging';
import { createProjectionRunner } from '../src/createProjectionRunner';

export type ConsumerBenchOptions = { readonly brokers: readonly string[]; readonly events?: number };

export type BenchResult = {
  readonly name: string;
  readonly ours: number;
  readonly raw: number;
  readonly ratio: number;
  readonly unit: string;
  /** Connect, group join and the first fetch, paid once per start (milliseconds until the first event applied). */
  readonly startupMs: { readonly ours: number; readonly raw: number };
};

const perSecond = (count: number, ms: number): number => Math.round((count * 1000) / Math.max(ms, 1));

/** First and last apply times: the rate between them is the apply rate, start-up is reported apart. */
const applySpan = () => {
  const span = { startedAt: Date.now(), first: 0, last: 0, count: 0 };
  return {
    span,
    applied() {
      const now = Date.now();
      span.first ||= now;
      span.last = now;
      span.count += 1;
    },
    startupMs: () => span.first - span.startedAt,
  };
};

const waitFor = async (done: () => boolean): Promise<void> => {
  while (!done()) await new Promise((r) => setTimeout(r, 5));
};

/**
 * Events applied per second through the projection runner (decode, upcast, trace span, retry guard, offset
 * bookkeeping) against a raw kafkajs consumer reading the same topic and doing the same apply (parse + fold
 * into a map), one run: two rounds each over the same topic, raw, ours, ours, raw. The rate runs from the first
 * applied event to the last; what each pays once before its first event (connect, group join; the runner also
 * ensures its `.dlq` topics) is returned apart, averaged.
 */
export const benchConsumer = async (options: ConsumerBenchOptions): Promise<BenchResult> => {
  const events = options.events ?? 20_000;
  const topic = `bench.consumer.${randomUUID().slice(0, 8)}`;
  const registry = createEventRegistry([
    defineEvent({
      type: 'bench.Ticked',
      version: 1,
      topic,
      description: 'Bench event.',
      schema: Type.Object({ n: Type.Integer() }),
    }),
  ]);
  const bus = createKafkaBus({ brokers: options.brokers, clientId: 'bench-consumer' });
  const kafka = new Kafka({ clientId: 'bench-raw-consumer', brokers: [...options.brokers], logLevel: logLevel.ERROR });
  try {
    await bus.admin.ensureTopics([{ topic, partitions: 3 }]);
    const records = Array.from({ length: events }, (_, i) => {
      const r = toKafkaRecord(
        {
          eventId: randomUUID(),
          streamId: `s-${i % 100}`,
          version: Math.floor(i / 100) + 1,
          type: 'bench.Ticked',
          schemaVersion: 1,
          data: { n: i },
          recordedAt: new Date(),
        },
        { source: 'bench', registry },
      );
      return { topic, ...r };
    });
    for (let i = 0; i < records.length; i += 1_000) await bus.publisher.send(records.slice(i, i + 1_000));

    const runRaw = async () => {
      const totals = new Map<string, number>();
      const apply = applySpan();
      const consumer = kafka.consumer({ groupId: `bench-raw-${randomUUID()}` });
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        eachBatch: ({ batch }) => {
          for (const m of batch.messages) {
            const data = JSON.parse(m.value!.toString()) as { n: number };
            const key = m.key!.toString();
            totals.set(key, (totals.get(key) ?? 0) + data.n);
            apply.applied();
          }
          return Promise.resolve();
        },
      });
      await waitFor(() => apply.span.count >= events);
      await consumer.disconnect();
      return { totals, apply };
    };
    const runOurs = async () => {
      const totals = new Map<string, number>();
      const apply = applySpan();
      const runner = createProjectionRunner({
        bus,
        registry,
        groupId: `bench-runner-${randomUUID()}`,
        projection: {
          name: 'bench',
          topics: [topic],
          handle: (event) => {
            totals.set(event.streamId, (totals.get(event.streamId) ?? 0) + Number(event.data.n));
            apply.applied();
            return Promise.resolve();
          },
        },
      });
      apply.span.startedAt = Date.now();
      await runner.start();
      await waitFor(() => apply.span.count >= events);
      await runner.stop();
      return { totals, apply };
    };

    // Two rounds each, in the order raw, ours, ours, raw, so neither side always runs on a warmer or quieter machine.
    const raws = [await runRaw()];
    const ourRuns = [await runOurs(), await runOurs()];
    raws.push(await runRaw());
    for (const run of ourRuns) {
      if ([...run.totals].some(([stream, total]) => raws[0]!.totals.get(stream) !== total))
        throw new Error('the runner and the raw consumer folded different totals');
    }
    const rateOf = (runs: { apply: ReturnType<typeof applySpan> }[]) =>
      perSecond(
        runs.reduce((n, r) => n + r.apply.span.count - 1, 0),
        runs.reduce((ms, r) => ms + r.apply.span.last - r.apply.span.first, 0),
      );
    const meanStartup = (runs: { apply: ReturnType<typeof applySpan> }[]) =>
      Math.round(runs.reduce((ms, r) => ms + r.apply.startupMs(), 0) / runs.length);
    const [ours, raw] = [rateOf(ourRuns), rateOf(raws)];
    return {
      name: 'consumer',
      ours,
      raw,
      ratio: ours / raw,
      unit: 'events/s',
      startupMs: { ours: meanStartup(ourRuns), raw: meanStartup(raws) },
    };
  } finally {
    await bus.close();
  }
};
