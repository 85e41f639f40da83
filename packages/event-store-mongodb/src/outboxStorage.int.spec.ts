import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { ProbeRecordedV2, probeRegistry } from '@carebridge/event-store/testing';
import { outboxStorageContract } from '@carebridge/outbox-relay/testing';
import { mongoUri, openTestDatabase, withMongoDb, type TestDatabase } from '@carebridge/test-engines';
import { createMongoEventStore } from './createMongoEventStore';
import { collectionsOf, ensureIndexes } from './ensureIndexes';
import { createMongoOutboxStorage, outboxBacklog } from './outboxStorage';

const probe = { type: ProbeRecordedV2.type, data: { probeId: 'p-1', note: 'outbox', severity: 'low' } };

let database: TestDatabase;
outboxStorageContract('MongoDB (FerretDB)', {
  open: async (clock) => {
    database = await openTestDatabase('outbox_storage');
    const store = await createMongoEventStore({ db: database.db, registry: probeRegistry });
    return { store, outbox: createMongoOutboxStorage(database.db, { clock }), probe };
  },
  destroy: async () => database?.dispose(),
});

describe('MongoDB outbox storage beyond the contract', () => {
  it('hands this process its own commits; a relay on another connection reads the same ones from the server', () =>
    withMongoDb(async (db) => {
      const store = await createMongoEventStore({ db, registry: probeRegistry });
      const stream = `handover-${randomUUID()}`;
      for (let v = 0; v < 4; v++) await store.append(stream, [probe], { expectedVersion: v, commandId: randomUUID() });
      const here = await createMongoOutboxStorage(db).readAfter(0, 100);
      const other = await MongoClient.connect(mongoUri());
      try {
        const elsewhere = createMongoOutboxStorage(other.db(db.databaseName));
        expect(await elsewhere.readAfter(0, 100)).toEqual(here);
        expect(here.commits.map((c) => c.fromVersion)).toEqual([1, 2, 3, 4]);
        expect(here.checkpoint).toBe(here.commits[3]!.position);
        // In pages of two (served from one server read), then a commit appended since: read from the server again.
        const first = await elsewhere.readAfter(0, 2);
        const second = await elsewhere.readAfter(first.checkpoint, 2);
        expect([...first.commits, ...second.commits]).toEqual(here.commits);
        expect(second.checkpoint).toBe(here.checkpoint);
        await store.append(stream, [probe], { expectedVersion: 4, commandId: randomUUID() });
        const later = await elsewhere.readAfter(second.checkpoint, 2);
        expect(later.commits.map((c) => c.fromVersion)).toEqual([5]);
      } finally {
        await other.close();
      }
      expect(await outboxBacklog(db)).toBe(5);
    }, 'outbox_handover'));

  it('reads up to a hole and no further until the hole is filled', () =>
    withMongoDb(async (db) => {
      await ensureIndexes(db);
      const { commits } = collectionsOf(db);
      const commit = (position: number) => ({
        _id: `c-${position}`,
        streamId: `hole-${position}`,
        fromVersion: 1,
        toVersion: 1,
        position,
        commandId: `cmd-${position}`,
        events: [{ eventId: randomUUID(), type: probe.type, schemaVersion: 2, data: probe.data }],
        recordedAt: new Date(),
        shard: 1,
      });
      await commits.insertMany([commit(1), commit(2), commit(4)]);
      const outbox = createMongoOutboxStorage(db, { gapGraceMs: 60_000 });
      const before = await outbox.readAfter(0, 10);
      expect(before.commits.map((c) => c.position)).toEqual([1, 2]);
      expect(before.checkpoint).toBe(2);
      await commits.insertOne(commit(3));
      const after = await outbox.readAfter(before.checkpoint, 10);
      expect(after.commits.map((c) => c.position)).toEqual([3, 4]);
    }, 'outbox_hole'));

  it('a shard without a checkpoint starts where the per-commit dispatched marks left it', () =>
    withMongoDb(async (db) => {
      // A store as the old relay left it: no pages, no checkpoints, no layout mark.
      const { commits } = collectionsOf(db);
      const commit = (position: number, shard: number, dispatched?: boolean) => ({
        _id: `c-${position}`,
        streamId: `old-${position}`,
        fromVersion: 1,
        toVersion: 1,
        position,
        commandId: `cmd-${position}`,
        events: [],
        recordedAt: new Date(),
        shard,
        ...(dispatched === undefined ? {} : { dispatched }),
      });
      // Shard 3: two published, then two not; shard 4: all published; shard 6: only a commit written since.
      await commits.insertMany([
        commit(1, 3, true),
        commit(2, 3, true),
        commit(3, 4, true),
        commit(4, 4, true),
        commit(5, 3, false),
        commit(6, 6),
        commit(7, 3, false),
      ]);
      const outbox = createMongoOutboxStorage(db);
      expect(await outbox.checkpoints([3, 4, 6, 9])).toEqual(
        new Map([
          [3, 4],
          [4, 4],
          [6, 0],
          [9, 0],
        ]),
      );
      // Stored: a second look reads them back rather than working them out again.
      await commits.updateMany({}, { $set: { dispatched: true } });
      expect(await outbox.checkpoints([3, 4, 6, 9])).toEqual(
        new Map([
          [3, 4],
          [4, 4],
          [6, 0],
          [9, 0],
        ]),
      );
    }, 'outbox_carry_over'));
});
