import { randomUUID } from 'node:crypto';
import { probeRegistry, shardOf, type CommitDraft, type EventStorage } from '@carebridge/event-store';
import { openTestDatabase, type TestDatabase } from '@carebridge/test-engines';
import { GAP_STREAM, toDocument } from './commitDocument';
import { createMongoEventStore } from './createMongoEventStore';
import { collectionsOf, commitIndexes, ensureIndexes } from './ensureIndexes';
import { createMongoEventStorage } from './mongoEventStorage';
import { allocatePosition } from './positions';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase('event_store_order');
});
afterAll(() => database.dispose());

const draft = (streamId: string, fromVersion: number, commandId = randomUUID()): CommitDraft => ({
  commitId: randomUUID(),
  streamId,
  fromVersion,
  toVersion: fromVersion,
  events: [{ eventId: randomUUID(), type: 'testing.ProbeRecorded', schemaVersion: 2, data: { probeId: 'x', note: '', severity: 'low' } }],
  commandId,
  recordedAt: new Date(),
  shard: shardOf(streamId),
});
const stream = () => `order-${randomUUID().slice(0, 8)}`;
const end = async (storage: EventStorage) => {
  let checkpoint = 0;
  for (let page = await storage.readAll(0, 1000); page.checkpoint !== checkpoint; page = await storage.readAll(checkpoint, 1000)) {
    checkpoint = page.checkpoint;
  }
  return checkpoint;
};

test('ensureIndexes creates the agreed unique indexes on this server, once, however many stores start at once', async () => {
  const collections = collectionsOf(database.db);
  await Promise.all([ensureIndexes(database.db), ensureIndexes(database.db), createMongoEventStorage({ db: database.db })]);
  const indexes = await collections.commits.indexes();
  for (const wanted of commitIndexes) {
    expect(indexes.find((i) => i.name === wanted.name)).toMatchObject({ key: wanted.key, ...('unique' in wanted ? { unique: true } : {}) });
  }
  expect(await collections.counters.countDocuments({ _id: 'position' })).toBe(1);
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

test('a writer that loses its insert fills its position at once, so readers do not wait', async () => {
  // A grace period longer than the test: only the loser's own placeholder can let the reader pass.
  const storage = await createMongoEventStorage({ db: database.db, gapGraceMs: 600_000 });
  const start = await end(storage);
  const id = stream();
  await storage.insertCommit(draft(id, 1));
  expect(await storage.insertCommit(draft(id, 1))).toEqual({ kind: 'version_taken' });
  await storage.insertCommit(draft(id, 2));
  const page = await storage.readAll(start, 10);
  expect(page.commits.map((c) => c.fromVersion)).toEqual([1, 2]);
  expect(page.checkpoint - start).toBe(3);
  const placeholder = await collectionsOf(database.db).commits.findOne({ position: start + 2 });
  expect(placeholder).toMatchObject({ streamId: GAP_STREAM });
});

test('a commit that becomes visible after a higher position is not skipped', async () => {
  const { commits, counters } = collectionsOf(database.db);
  const store = await createMongoEventStore({ db: database.db, registry: probeRegistry, gapGraceMs: 600_000 });
  const start = (await store.readAll({ after: await end(await createMongoEventStorage({ db: database.db })), limit: 1 })).checkpoint;
  const held = await allocatePosition(counters); // a writer that took its position and has not inserted yet
  const later = stream();
  await store.append(later, [{ type: 'testing.ProbeRecorded', data: { probeId: 'b', note: '', severity: 'low' } }], {
    expectedVersion: 'no_stream',
    commandId: randomUUID(),
  });
  expect(await store.readAll({ after: start, limit: 10 })).toEqual({ commits: [], checkpoint: start });
  const slow = draft(stream(), 1);
  await commits.insertOne(toDocument(slow, held));
  const page = await store.readAll({ after: start, limit: 10 });
  expect(page.commits.map((c) => c.streamId)).toEqual([slow.streamId, later]);
});

test('a hole whose writer vanished is closed after the grace period, and its position is refused to a late insert', async () => {
  const { commits, counters } = collectionsOf(database.db);
  const storage = await createMongoEventStorage({ db: database.db, gapGraceMs: 200 });
  const start = await end(storage);
  const vanished = await allocatePosition(counters);
  const id = stream();
  await storage.insertCommit(draft(id, 1));
  expect((await storage.readAll(start, 10)).commits).toEqual([]);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const page = await storage.readAll(start, 10);
  expect(page.commits.map((c) => c.streamId)).toEqual([id]);
  await expect(commits.insertOne(toDocument(draft(stream(), 1), vanished))).rejects.toMatchObject({ code: 11000 });
});

test('a stream never gets a position below its previous commit, even when the counter runs backwards', async () => {
  const { counters } = collectionsOf(database.db);
  const storage = await createMongoEventStorage({ db: database.db, gapGraceMs: 600_000 });
  const start = await end(storage);
  const held = await allocatePosition(counters); // taken by a writer still in flight
  const id = stream();
  await storage.insertCommit(draft(id, 1));
  // What a lost concurrent update on FerretDB can do: the counter goes back below free numbers.
  await counters.updateOne({ _id: 'position' }, { $set: { value: held - 1 } });
  expect(await storage.streamHead(id)).toBe(1);
  await storage.insertCommit(draft(id, 2));
  const page = await storage.readAll(start, 10);
  expect(page.commits.map((c) => c.fromVersion)).toEqual([1, 2]);
  expect(page.commits[1]!.position).toBeGreaterThan(page.commits[0]!.position);
});
