import { randomUUID } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { DocumentStore } from '@carebridge/document-store';
import { createMongoDocumentStore } from '@carebridge/document-store-mongodb';
import { createEventRegistry, defineEvent, toKafkaRecord } from '@carebridge/event-schema';
import { createKafkaBus, type MessageBus } from '@carebridge/messaging';
import { createProjectionRunner, type Projection, type ProjectionRunner } from '@carebridge/projection-runner';
import { eventually, kafkaBrokers, openTestDatabase, uniqueName, type TestDatabase } from '@carebridge/test-engines';
import { runDlqInspect } from './cli/dlqInspect';
import { runDlqReplay } from './cli/dlqReplay';
import { pendingFor } from './replayDeadLetters';

const topic = uniqueName('ops_replay');
const dlq = `${topic}.dlq`;
const Noted = defineEvent({
  type: 'testing.AmountNoted',
  version: 1,
  topic,
  description: 'An amount noted on a ledger (replay tests).',
  schema: Type.Object({ amount: Type.Integer(), secret: Type.String() }),
});
const registry = createEventRegistry([Noted]);
const ceType = toKafkaRecord(
  {
    eventId: 'x',
    streamId: 'x',
    version: 1,
    type: Noted.type,
    schemaVersion: 1,
    data: { amount: 0, secret: '' },
    recordedAt: new Date(),
  },
  { source: 'x', registry },
).headers.ce_type!;

const noted = (streamId: string, amount: number) => ({
  topic,
  ...toKafkaRecord(
    {
      eventId: randomUUID(),
      streamId,
      version: 1,
      type: Noted.type,
      schemaVersion: 1,
      data: { amount, secret: `VALUE-NEVER-PRINTED-${streamId}` },
      recordedAt: new Date(),
    },
    { source: 'ops-tests', registry },
  ),
});

const until = (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<boolean> =>
  eventually(check, { what, timeoutMs, intervalMs: 100 });

const cli = async (run: typeof runDlqReplay, args: string[]) => {
  const lines: string[] = [];
  const code = await run(
    [...args, '--brokers', kafkaBrokers().join(',')],
    {},
    { out: (l) => lines.push(l), err: (l) => lines.push(l) },
  );
  return { code, text: lines.join('\n') };
};

type Ledger = { id: string; total: number; applied: number };

describe('dead-letter replay on Kafka with a projection runner', () => {
  let database: TestDatabase;
  let documents: DocumentStore;
  let bus: MessageBus;
  let runner: ProjectionRunner;
  let failing = true;
  const handled: { stream: string; replayCount: string | undefined }[] = [];
  const effects: string[] = [];
  const ledgers = () => documents.collection<Ledger>('ledgers');

  beforeAll(async () => {
    database = await openTestDatabase('ops_replay');
    documents = await createMongoDocumentStore({ db: database.db });
    bus = createKafkaBus({ brokers: kafkaBrokers(), clientId: 'ops-replay-test' });
    await bus.admin.ensureTopics([{ topic, partitions: 2 }]);
    const projection: Projection = {
      name: uniqueName('ledger'),
      topics: [topic],
      handle: async (event, ctx) => {
        handled.push({ stream: event.streamId, replayCount: ctx.record.headers.dlq_replay_count });
        // The poison: fails while the flag is set, as a bug fixed by a deploy would.
        if (failing && event.streamId === 'ledger-poison') throw new RangeError('ledger closed');
        const amount = Number(event.data.amount);
        await ctx.applyOnce(ledgers(), event.streamId, (l) => ({
          id: event.streamId,
          total: (l?.total ?? 0) + amount,
          applied: (l?.applied ?? 0) + 1,
        }));
        await ctx.once(() => {
          effects.push(event.streamId);
          return Promise.resolve();
        });
      },
    };
    runner = createProjectionRunner({
      bus,
      projection,
      groupId: uniqueName('ledger_g'),
      registry,
      inbox: documents,
      retry: { attempts: 2, initialDelayMs: 20 },
    });
    await runner.start();
  }, 90_000);

  afterAll(async () => {
    await runner?.stop();
    await bus?.close();
    await documents?.close();
    await database?.dispose();
  }, 60_000);

  it('replays the poison to its origin once the handler is fixed: applied exactly once, however often it is replayed', async () => {
    await bus.publisher.send([noted('ledger-a', 5), noted('ledger-poison', 7), noted('ledger-b', 11)]);
    await until(
      'the healthy events',
      async () => (await ledgers().get('ledger-a')) !== undefined && (await ledgers().get('ledger-b')) !== undefined,
    );
    await until(
      'the dead letter',
      async () => (await bus.admin.topicOffsets(dlq)).reduce((n, p) => n + p.high, 0) === 1,
    );
    expect(await ledgers().get('ledger-poison')).toBeUndefined();

    // Inspect: type, id, origin, error; never the value.
    const inspected = await cli(runDlqInspect, ['--topic', dlq]);
    expect(inspected.code).toBe(0);
    expect(inspected.text).toContain(ceType);
    expect(inspected.text).toMatch(new RegExp(`pending +${ceType.replace(/\./g, '\\.')}`));
    expect(inspected.text).toContain(`from ${topic}[`);
    expect(inspected.text).toContain('error RangeError: ledger closed');
    expect(inspected.text).toContain('1 record(s), 1 pending');
    expect(inspected.text).not.toContain('VALUE-NEVER-PRINTED');

    // Dry run: counts, sends nothing, commits nothing.
    const originEnd = async () => (await bus.admin.topicOffsets(topic)).reduce((n, p) => n + p.high, 0);
    const before = await originEnd();
    const dry = await cli(runDlqReplay, ['--topic', dlq, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.text).toContain('DRY RUN');
    expect(dry.text).toContain('would replay 1');
    expect(await originEnd()).toBe(before);
    expect(await pendingFor(kafkaBrokers(), dlq, `carebridge.dlq-replay.${dlq}`)).toBe(1);

    // A filter that matches nothing replays nothing and leaves the record pending.
    const filtered = await cli(runDlqReplay, ['--topic', dlq, '--type', 'org.carebridge.other.Thing.v1']);
    expect(filtered.text).toContain('replayed 0, filtered out 1');
    expect(filtered.text).toContain('still pending for the group: 1');

    failing = false;
    const replay = await cli(runDlqReplay, ['--topic', dlq, '--type', ceType]);
    expect(replay.code).toBe(0);
    expect(replay.text).toContain('scanned 1, replayed 1, filtered out 0, refused 0');
    expect(replay.text).toContain('still pending for the group: 0');
    expect(await originEnd()).toBe(before + 1);
    await until('the replayed event', async () => (await ledgers().get('ledger-poison')) !== undefined);
    expect(await ledgers().get('ledger-poison')).toEqual({ id: 'ledger-poison', total: 7, applied: 1 });
    expect(handled.filter((h) => h.stream === 'ledger-poison').at(-1)?.replayCount).toBe('1');

    // Again under the same group: nothing left to replay.
    const again = await cli(runDlqReplay, ['--topic', dlq]);
    expect(again.text).toContain('scanned 0, replayed 0');
    expect((await cli(runDlqInspect, ['--topic', dlq])).text).toContain('1 record(s), 0 pending');

    // Again under a fresh group: the same record goes back a second time, and the consumer dedupes it.
    const deliveries = handled.filter((h) => h.stream === 'ledger-poison').length;
    const forced = await cli(runDlqReplay, ['--topic', dlq, '--group', uniqueName('second_replay')]);
    expect(forced.text).toContain('replayed 1');
    await until('the second delivery', () => handled.filter((h) => h.stream === 'ledger-poison').length > deliveries);
    await until('lag 0', async () => (await runner.lag()).total === 0);
    expect(await ledgers().get('ledger-poison')).toEqual({ id: 'ledger-poison', total: 7, applied: 1 });
    expect(effects.filter((s) => s === 'ledger-poison')).toEqual(['ledger-poison']);
    expect(await ledgers().get('ledger-a')).toEqual({ id: 'ledger-a', total: 5, applied: 1 });
    // Nothing went back to the dead-letter topic.
    expect((await bus.admin.topicOffsets(dlq)).reduce((n, p) => n + p.high, 0)).toBe(1);
  }, 180_000);

  it('refuses a topic that is not a dead-letter topic, naming the option', async () => {
    const bad = await cli(runDlqReplay, ['--topic', topic]);
    expect(bad.code).toBe(1);
    expect(bad.text).toContain('--topic must name a dead-letter topic');
    const unknown = await cli(runDlqReplay, ['--topic', dlq, '--colour', 'red']);
    expect(unknown.code).toBe(1);
    expect(unknown.text).toMatch(/Unknown option '--colour'/);
    expect((await cli(runDlqReplay, ['--topic', dlq, '--limit', '0'])).text).toContain(
      '--limit must be a positive whole number',
    );
  });
});
