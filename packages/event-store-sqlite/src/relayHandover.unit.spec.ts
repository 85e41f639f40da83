import { randomUUID } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { fromKafkaRecord } from '@carebridge/event-schema';
import { createEventStore, OUTBOX_SHARDS, shardOf } from '@carebridge/event-store';
import { ProbeRecordedV2, probeRegistry } from '@carebridge/event-store/testing';
import type { OutgoingRecord } from '@carebridge/messaging';
import { createOutboxRelay } from '@carebridge/outbox-relay';
import { createSqliteOutboxStorage } from './outboxStorage';
import { createSqliteEventStorage } from './sqliteEventStorage';

const probe = { type: ProbeRecordedV2.type, data: { probeId: 'p-1', note: 'handover', severity: 'low' } };
const ALL_SHARDS = Array.from({ length: OUTBOX_SHARDS }, (_, shard) => shard);

describe('outbox relay checkpoints (embedded store)', () => {
  const db = new BetterSqlite3(':memory:');
  const store = createEventStore({ storage: createSqliteEventStorage({ database: db }), registry: probeRegistry });
  afterAll(() => db.close());

  const relayPublishingTo = (sent: OutgoingRecord[], maxShards?: number) =>
    createOutboxRelay({
      storage: createSqliteOutboxStorage(db),
      publisher: {
        send: (records) => {
          sent.push(...records);
          return Promise.resolve();
        },
      },
      registry: probeRegistry,
      source: 'handover-test',
      batchSize: 7,
      ...(maxShards ? { maxShards } : {}),
    });
  const eventsOf = (records: readonly OutgoingRecord[]) => records.map((r) => fromKafkaRecord(r));

  it('a relay taking over shards publishes only what lies above their checkpoints, each stream in order, once', async () => {
    const streams = Array.from({ length: 40 }, (_, i) => `handover-${i}-${randomUUID().slice(0, 6)}`);
    for (let version = 0; version < 3; version++) {
      for (const stream of streams)
        await store.append(stream, [probe], { expectedVersion: version, commandId: randomUUID() });
    }

    // The first relay holds half of the shards, publishes them and stops (writing its checkpoints).
    const first: OutgoingRecord[] = [];
    const half = relayPublishingTo(first, OUTBOX_SHARDS / 2);
    await half.drainOnce();
    const itsShards = new Set(half.heldShards());
    await half.stop();
    expect(itsShards.size).toBe(OUTBOX_SHARDS / 2);

    // The next one holds them all: it reads from the lowest checkpoint and skips what the first one published.
    const second: OutgoingRecord[] = [];
    const whole = relayPublishingTo(second);
    await whole.drainOnce();
    await whole.stop();

    const [early, late] = [eventsOf(first), eventsOf(second)];
    expect(early.length).toBeGreaterThan(0);
    expect(late.length).toBeGreaterThan(0);
    expect(early.every((e) => itsShards.has(shardOf(e.streamId)))).toBe(true);
    expect(late.every((e) => !itsShards.has(shardOf(e.streamId)))).toBe(true);
    const byStream = new Map<string, number[]>();
    for (const e of [...early, ...late]) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e.version]);
    expect([...byStream.keys()].sort()).toEqual([...streams].sort());
    for (const versions of byStream.values()) expect(versions).toEqual([1, 2, 3]);

    // Every shard's checkpoint now stands at the end of the log; a third relay finds nothing to publish.
    const end = (db.prepare('SELECT MAX(position) AS end FROM commits').get() as { end: number }).end;
    expect(await createSqliteOutboxStorage(db).checkpoints(ALL_SHARDS)).toEqual(
      new Map(ALL_SHARDS.map((shard) => [shard, end])),
    );
    const third: OutgoingRecord[] = [];
    const idle = relayPublishingTo(third);
    expect(await idle.drainOnce()).toBe(0);
    await idle.stop();
    expect(third).toEqual([]);
  });

  it('stopping publishes what was appended since the last poll before it gives the shards back', async () => {
    const sent: OutgoingRecord[] = [];
    // The first pass's read of the log is the event to wait for: after it the loop only sleeps.
    const storage = createSqliteOutboxStorage(db);
    let firstRead!: () => void;
    const firstPassRead = new Promise<void>((resolve) => (firstRead = resolve));
    const relay = createOutboxRelay({
      storage: {
        ...storage,
        readAfter: async (after, limit) => {
          const read = await storage.readAfter(after, limit);
          firstRead();
          return read;
        },
      },
      publisher: {
        send: (records) => {
          sent.push(...records);
          return Promise.resolve();
        },
      },
      registry: probeRegistry,
      source: 'handover-test',
      // Its loop polls once at start, then not again within this test.
      pollIntervalMs: 600_000,
    });
    relay.start();
    await firstPassRead;
    expect(relay.heldShards()).toEqual(ALL_SHARDS);
    const stream = `last-call-${randomUUID().slice(0, 6)}`;
    await store.append(stream, [probe], { expectedVersion: 'no_stream', commandId: randomUUID() });
    expect(sent).toEqual([]);
    await relay.stop();
    expect(eventsOf(sent).map((e) => [e.streamId, e.version])).toEqual([[stream, 1]]);
    expect(relay.heldShards()).toEqual([]);
  });
});
