import { randomUUID } from 'node:crypto';
import { shardOf, type CommitDraft, type EventStorage } from '@carebridge/event-store';
import { probeRegistry } from '@carebridge/event-store/testing';
import { eventually, openTestDatabase, type TestDatabase } from '@carebridge/test-engines';
import { GAP_STREAM, toDocument } from './commitDocument';
import { createMongoEventStore } from './createMongoEventStore';
import { LOG_HEAD, raiseHint } from './heads';
import { collectionsOf, commitIndexes, ensureIndexes } from './ensureIndexes';
import { createMongoEventStorage } from './mongoEventStorage';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase('event_store_order');
});
afterAll(() => database.dispose());

const draft = (streamId: string, fromVersion: number, commandId: string = randomUUID()): CommitDraft => ({
  commitId: randomUUID(),
  streamId,
  fromVersion,
  toVersion: fromVersion,
  events: [
    {
      eventId: randomUUID(),
      type: 'testing.ProbeRecorded',
      schemaVersion: 2,
      data: { probeId: 'x', note: '', severity: 'low' },
    },
  ],
  commandId,
  recordedAt: new Date(),
  shard: shardOf(streamId),
});
const stream = () => `order-${randomUUID().slice(0, 8)}`;
const end = async (storage: EventStorage) => {
  let checkpoint = 0;
  for (
    let page = await storage.readAll(0, 1000);
    page.checkpoint !== checkpoint;
    page = await storage.readAll(checkpoint, 1000)
  ) {
    checkpoint = page.checkpoint;
  }
  return checkpoint;
};

test('ensureIndexes creates the agreed unique indexes on this server, once, however many stores start at once', async () => {
  const collections = collectionsOf(database.db);
  await Promise.all([
    ensureIndexes(database.db),
    ensureIndexes(database.db),
    createMongoEventStorage({ db: database.db }),
  ]);
  const indexes = await collections.commits.indexes();
  for (const wanted of commitIndexes) {
    expect(indexes.find((i) => i.name === wanted.name)).toMatchObject({
      key: wanted.key,
      ...('unique' in wanted ? { unique: true } : {}),
    });
  }
});

test('the duplicate key of a replay maps to the first commit, that of a version race to version_taken', async () => {
  const storage = await createMongoEventStorage({ db: database.db });
  const id = stream();
  const first = draft(id, 1);
  expect(await storage.insertCommit(first)).toMatchObject({ kind: 'appended' });
  const replay = await storage.insertCommit(draft(id, 2, first.commandId));
  expect(replay).toMatchObject({ kind: 'replayed', commit: { commitId: first.commitId, fromVersion: 1 } });
  expect(await storage.insertCommit(draft(id, 1))).toEqual({ kind: 'version_taken' });
});

test('a writer that loses its insert takes no position: positions stay contiguous', async () => {
  // A grace period longer than the test: a hole would block the reader.
  const storage = await createMongoEventStorage({ db: database.db, gapGraceMs: 600_000 });
  const start = await end(storage);
  const id = stream();
  await storage.insertCommit(draft(id, 1));
  expect(await storage.insertCommit(draft(id, 1))).toEqual({ kind: 'version_taken' });
  await storage.insertCommit(draft(id, 2));
  const page = await storage.readAll(start, 10);
  expect(page.commits.map((c) => c.fromVersion)).toEqual([1, 2]);
  expect(page.commits.map((c) => c.position)).toEqual([start + 1, start + 2]);
});

test('writers in several processes at once: every commit once, positions contiguous, each stream in order', async () => {
  // Three storages stand for three processes, each with its own (soon stale) idea of the highest position.
  const storages = await Promise.all(
    [1, 2, 3].map(() => createMongoEventStorage({ db: database.db, gapGraceMs: 600_000 })),
  );
  const start = await end(storages[0]!);
  const streams = Array.from({ length: 12 }, stream);
  await Promise.all(
    storages.flatMap((storage, s) =>
      streams.map(async (id, i) => {
        if (i % 3 !== s) return;
        for (let v = 1; v <= 3; v++)
          expect(await storage.insertCommit(draft(id, v))).toMatchObject({ kind: 'appended' });
      }),
    ),
  );
  const page = await storages[1]!.readAll(start, 100);
  expect(page.commits.map((c) => c.position)).toEqual(Array.from({ length: 36 }, (_, i) => start + 1 + i));
  for (const id of streams) {
    expect(page.commits.filter((c) => c.streamId === id).map((c) => c.fromVersion)).toEqual([1, 2, 3]);
  }
});

test('a commit that becomes visible after a higher position is not skipped', async () => {
  const { commits } = collectionsOf(database.db);
  const store = await createMongoEventStore({ db: database.db, registry: probeRegistry, gapGraceMs: 600_000 });
  const start = (
    await store.readAll({ after: await end(await createMongoEventStorage({ db: database.db })), limit: 1 })
  ).checkpoint;
  // A writer outside this store's discipline (e.g. a restored backup) lands start + 2 before start + 1.
  const later = draft(stream(), 1);
  await commits.insertOne(toDocument(later, start + 2));
  expect(await store.readAll({ after: start, limit: 10 })).toEqual({ commits: [], checkpoint: start });
  const slow = draft(stream(), 1);
  await commits.insertOne(toDocument(slow, start + 1));
  const page = await store.readAll({ after: start, limit: 10 });
  expect(page.commits.map((c) => c.streamId)).toEqual([slow.streamId, later.streamId]);
});

test('a hole whose writer vanished is closed after the grace period, and its position is refused to a late insert', async () => {
  const { commits } = collectionsOf(database.db);
  const storage = await createMongoEventStorage({ db: database.db, gapGraceMs: 200 });
  const start = await end(storage);
  const id = stream();
  await commits.insertOne(toDocument(draft(id, 1), start + 2));
  // Readers learn that positions above a hole are taken from the log's hint, which writers raise every
  // LOG_HINT_EVERY positions (and a restore sets); until then an empty next position reads as the end of the log.
  expect((await storage.readAll(start, 10)).commits).toEqual([]);
  await raiseHint(collectionsOf(database.db).heads, LOG_HEAD, start + 2);
  expect((await storage.readAll(start, 10)).commits).toEqual([]);
  // Once the 200 ms grace has passed, a read closes the hole and returns the commit above it.
  await eventually(
    async () => expect((await storage.readAll(start, 10)).commits.map((c) => c.streamId)).toEqual([id]),
    { what: 'the hole to be closed', timeoutMs: 10_000, intervalMs: 50 },
  );
  expect(await commits.findOne({ position: start + 1 })).toMatchObject({ streamId: GAP_STREAM });
  await expect(commits.insertOne(toDocument(draft(stream(), 1), start + 1))).rejects.toMatchObject({ code: 11000 });
});
