import { randomUUID } from 'node:crypto';
import { fromKafkaRecord } from '@carebridge/event-schema';
import type { EventStore } from '@carebridge/event-store';
import { createMongoEventStore, outboxBacklog } from '@carebridge/event-store-mongodb';
import { createKafkaBus, type IncomingRecord, type MessageBus } from '@carebridge/messaging';
import { eventually, kafkaBrokers, openTestDatabase, uniqueName, type TestDatabase } from '@carebridge/test-engines';
import { spawnRelay, type RelayChild } from '../test/relayChild';
import { RELAY_PROBE, relayProbeRegistry } from '../test/relayProbe';

const STREAMS = 30;
const COMMITS_PER_STREAM = 5;

describe('outbox relay: two relay processes at once', () => {
  const topic = uniqueName('two_relays');
  let database: TestDatabase;
  let store: EventStore;
  let bus: MessageBus;
  const relays: RelayChild[] = [];

  beforeAll(async () => {
    database = await openTestDatabase('two_relays');
    store = await createMongoEventStore({ db: database.db, registry: relayProbeRegistry(topic) });
    bus = createKafkaBus({ brokers: kafkaBrokers(), clientId: 'two-relays-test' });
    await bus.admin.ensureTopics([{ topic, partitions: 3 }]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(relays.map((r) => r.kill('SIGKILL')));
    await bus?.close();
    await database?.dispose();
  }, 60_000);

  it('publish every event exactly once, each stream in version order', async () => {
    // 10 of 16 shards each at most: both must work, and together they cover every shard.
    const env = {
      CAREBRIDGE_RELAY_DB: database.name,
      CAREBRIDGE_RELAY_TOPIC: topic,
      CAREBRIDGE_RELAY_MAX_SHARDS: '10',
      CAREBRIDGE_RELAY_BATCH: '7',
    };
    relays.push(spawnRelay(env), spawnRelay(env));
    await Promise.all(relays.map((r) => r.waitForLine((l) => l.started !== undefined)));

    // Appended while both relays run, so they publish as commits land.
    const streams = Array.from({ length: STREAMS }, (_, i) => `two-${i}-${randomUUID().slice(0, 6)}`);
    for (let version = 0; version < COMMITS_PER_STREAM; version++) {
      await Promise.all(
        streams.map((s) =>
          store.append(s, [{ type: RELAY_PROBE, data: { n: version + 1 } }], {
            expectedVersion: version,
            commandId: randomUUID(),
          }),
        ),
      );
    }
    const total = STREAMS * COMMITS_PER_STREAM;
    await eventually(
      async () => {
        expect(await outboxBacklog(database.db)).toBe(0);
        expect(relays.reduce((n, r) => n + r.published(), 0)).toBeGreaterThanOrEqual(total);
      },
      { what: 'the relays to dispatch every commit', timeoutMs: 90_000 },
    );
    await Promise.all(relays.map((r) => r.kill('SIGTERM')));

    const received: IncomingRecord[] = [];
    const reader = await bus.subscribe({
      groupId: uniqueName('two_relays_reader'),
      topics: [topic],
      fromBeginning: true,
      eachBatch: (batch) => {
        received.push(...batch.records);
        return Promise.resolve();
      },
    });
    // At least every record; the assertions below say what was missing, so the wait ends quietly at its timeout.
    await eventually(() => received.length >= total, { what: 'every record at the reader', timeoutMs: 90_000 }).catch(
      () => undefined,
    );
    await reader.stop();

    // What the relays wrote to the log, counted by the broker itself: every event once.
    expect((await bus.admin.topicOffsets(topic)).reduce((n, p) => n + p.high - p.low, 0)).toBe(total);
    // A reader may see a record twice after a rebalance; the log order is what the relays produced.
    const log = [...new Map(received.map((r) => [`${r.partition}:${r.offset}`, r])).values()].sort(
      (a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset),
    );
    expect(log).toHaveLength(total);
    expect(relays.every((r) => r.published() > 0)).toBe(true);
    expect(relays[0]!.published() + relays[1]!.published()).toBe(total);
    const sequences = new Map<string, number[]>();
    for (const record of log) {
      const event = fromKafkaRecord(record);
      expect(record.key).toBe(event.streamId);
      sequences.set(record.key, [...(sequences.get(record.key) ?? []), event.version]);
    }
    expect(sequences.size).toBe(STREAMS);
    for (const versions of sequences.values()) expect(versions).toEqual([1, 2, 3, 4, 5]);
  }, 180_000);
});
