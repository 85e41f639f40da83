import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { DocumentStore } from '@carebridge/document-store';
import { createMongoDocumentStore } from '@carebridge/document-store-mongodb';
import { createEventRegistry, defineEvent, toKafkaRecord } from '@carebridge/event-schema';
import { createKafkaBus, type IncomingRecord, type MessageBus } from '@carebridge/messaging';
import { eventually, kafkaBrokers, openTestDatabase, uniqueName, type TestDatabase } from '@carebridge/test-engines';
import { createProjectionRunner } from './createProjectionRunner';
import type { Projection } from './projection';
import { rebuildProjection } from './rebuildProjection';

const topic = uniqueName('runner');
const Counted = defineEvent({
  type: 'testing.Counted',
  version: 1,
  topic,
  description: 'A number counted on a tally (runner tests).',
  schema: Type.Object({ n: Type.Integer(), poison: Type.Optional(Type.Boolean()) }),
});
const registry = createEventRegistry([Counted]);

const eventRecord = (streamId: string, version: number, data: { n: number; poison?: boolean }) => {
  const record = toKafkaRecord(
    { eventId: randomUUID(), streamId, version, type: Counted.type, schemaVersion: 1, data, recordedAt: new Date() },
    { source: 'runner-tests', registry },
  );
  return { topic, ...record };
};

const until = (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<boolean> =>
  eventually(check, { what, timeoutMs, intervalMs: 100 });

type Tally = { id: string; total: number; seen: number[] };

describe('projection runner on Kafka and FerretDB', () => {
  let database: TestDatabase;
  let documents: DocumentStore;
  let bus: MessageBus;
  const attempts = new Map<number, number>();
  const effects: number[] = [];
  let projection: Projection;
  const tallies = () => documents.collection<Tally>('tallies');

  beforeAll(async () => {
    database = await openTestDatabase('runner');
    documents = await createMongoDocumentStore({ db: database.db });
    bus = createKafkaBus({ brokers: kafkaBrokers(), clientId: 'runner-test' });
    await bus.admin.ensureTopics([{ topic, partitions: 2 }]);
    projection = {
      name: 'tally',
      topics: [topic],
      handle: async (event, ctx) => {
        const n = Number(event.data.n);
        attempts.set(n, (attempts.get(n) ?? 0) + 1);
        if (event.data.poison) throw new RangeError(`cannot count ${n}`);
        await ctx.applyOnce(tallies(), event.streamId, (t) => ({
          id: event.streamId,
          total: (t?.total ?? 0) + n,
          seen: [...(t?.seen ?? []), n],
        }));
        if (n === 1)
          await ctx.once(() => {
            effects.push(n);
            return Promise.resolve();
          });
      },
      reset: () => tallies().deleteAll(),
    };
  }, 60_000);

  afterAll(async () => {
    await bus?.close();
    await documents?.close();
    await database?.dispose();
  }, 60_000);

  it('sends a poison event to <topic>.dlq after bounded retries while later events still flow', async () => {
    const groupId = uniqueName('tally_g');
    const runner = createProjectionRunner({
      bus,
      projection,
      groupId,
      registry,
      inbox: documents,
      retry: { attempts: 3, initialDelayMs: 50 },
    });
    await runner.start();
    // One stream, so one partition: the events after the poison can only flow if the consumer moved on.
    const first = eventRecord('tally-a', 1, { n: 1 });
    const third = eventRecord('tally-a', 3, { n: 3 });
    await bus.publisher.send([
      first,
      eventRecord('tally-a', 2, { n: 2, poison: true }),
      third,
      { topic, key: 'tally-a', value: '{"n":4}', headers: { 'content-type': 'application/json' } },
      eventRecord('tally-a', 4, { n: 5 }),
    ]);
    await until('events after the poison', async () => (await tallies().get('tally-a'))?.seen.includes(5) ?? false);

    const dead: IncomingRecord[] = [];
    const reader = await bus.subscribe({
      groupId: uniqueName('dlq_reader'),
      topics: [`${topic}.dlq`],
      fromBeginning: true,
      eachBatch: (b) => {
        dead.push(...b.records);
        return Promise.resolve();
      },
    });
    await until('two dead letters', () => dead.length >= 2);
    await reader.stop();
    expect(await tallies().get('tally-a')).toEqual({ id: 'tally-a', total: 9, seen: [1, 3, 5] });
    expect(attempts.get(2)).toBe(3);
    expect(effects).toEqual([1]);
    const [poison, malformed] = dead;
    expect(poison!.headers).toMatchObject({
      dlq_error_type: 'RangeError',
      dlq_error_message: 'cannot count 2',
      dlq_origin_topic: topic,
      dlq_consumer: groupId,
      dlq_attempts: '3',
      ce_sequence: '2'.padStart(20, '0'),
    });
    expect(Number(poison!.headers.dlq_origin_offset)).toBeGreaterThanOrEqual(0);
    expect(poison!.headers.dlq_origin_partition).toMatch(/^\d$/);
    expect(JSON.parse(poison!.value.toString())).toEqual({ n: 2, poison: true });
    expect(malformed!.headers).toMatchObject({ dlq_error_type: 'CloudEventFormatError', dlq_attempts: '1' });

    // Redelivery of what was applied changes nothing: the very same records again (as a relay restart sends them).
    await bus.publisher.send([first, third]);
    await until('the redelivered events', () => (attempts.get(3) ?? 0) >= 2);
    expect(await tallies().get('tally-a')).toEqual({ id: 'tally-a', total: 9, seen: [1, 3, 5] });
    expect(effects).toEqual([1]);

    await until('lag 0', async () => (await runner.lag()).total === 0);
    const lag = await runner.lag();
    expect(lag.partitions.map((p) => p.partition).sort()).toEqual([0, 1]);
    expect(runner.lagSamples().every((s) => s.labels.projection === 'tally' && s.value === 0)).toBe(true);
    expect(runner.lagSamples().length).toBeGreaterThan(0);
    await runner.stop();
    await bus.publisher.send([eventRecord('tally-b', 1, { n: 10 })]);
    expect((await runner.lag()).total).toBe(1);
  }, 120_000);

  it('rebuilds the read model from offset zero with a progress bar and a final count', async () => {
    const before = await tallies().get('tally-a');
    await tallies().put({ id: 'stale', total: -1, seen: [] });
    const progress = new PassThrough();
    let printed = '';
    progress.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const topicSize = (await bus.admin.topicOffsets(topic)).reduce((n, p) => n + p.high - p.low, 0);
    const effectsBefore = effects.length;

    const result = await rebuildProjection({
      bus,
      projection,
      groupId: uniqueName('tally_rebuild'),
      registry,
      inbox: documents,
      progress,
      retry: { attempts: 2, initialDelayMs: 20 },
    });

    expect(result.events).toBe(topicSize);
    expect(printed).toContain(`rebuild tally [`);
    expect(printed).toContain(`rebuilt tally: ${topicSize} events`);
    expect(await tallies().get('stale')).toBeUndefined();
    expect(await tallies().get('tally-a')).toEqual(before);
    expect(await tallies().get('tally-b')).toEqual({ id: 'tally-b', total: 10, seen: [10] });
    // The inbox survives a rebuild: no side effect runs twice.
    expect(effects.length).toBe(effectsBefore);
  }, 120_000);
});
