import type { AnyBulkWriteOperation, Collection, Db } from 'mongodb';
import { pageOf, type StoredDocument } from './commitDocument';
import { isDuplicateKey } from './duplicateKey';
import { raiseHint } from './heads';
import { OUTBOX_CHECKPOINTS, type CheckpointDocument } from './outboxCollections';

export const COMMITS = 'commits';
/** `commit_heads`: hints, by `_id`, of where a stream (`_id: streamId`) and the log (`_id: '$log'`) have got to. */
export const COMMIT_HEADS = 'commit_heads';

/** A hint, never the truth: readers check it against the commits (see heads.ts). */
export type HeadDocument = { _id: string; version: number };

/**
 * Index names are part of the layout shared with the outbox relay (same keys under another name would clash).
 * All of them are plain (compound) ascending indexes, unique or not: FerretDB 1.24 supports them, and their
 * uniqueness is the only concurrency guard the store relies on. Every query of the store leads with an equality
 * on one of them (or on `_id`), so that each is index-backed on MongoDB and on FerretDB/PostgreSQL (ADR 0010).
 */
export const commitIndexes = [
  { key: { streamId: 1, fromVersion: 1 }, name: 'commits_stream_version', unique: true },
  { key: { streamId: 1, commandId: 1 }, name: 'commits_stream_command', unique: true },
  { key: { position: 1 }, name: 'commits_position', unique: true },
  { key: { page: 1 }, name: 'commits_page' },
] as const;

export type StoreCollections = {
  readonly commits: Collection<StoredDocument>;
  readonly heads: Collection<HeadDocument>;
};

export const collectionsOf = (db: Db): StoreCollections => ({
  commits: db.collection<StoredDocument>(COMMITS),
  heads: db.collection<HeadDocument>(COMMIT_HEADS),
});

const NAMESPACE_NOT_FOUND = 26;

const existingIndexNames = async (commits: Collection<StoredDocument>): Promise<Set<string>> => {
  try {
    return new Set((await commits.indexes()).map((index) => String(index.name)));
  } catch (error) {
    if ((error as { code?: unknown }).code === NAMESPACE_NOT_FOUND) return new Set();
    throw error;
  }
};

const createMissing = async ({ commits }: StoreCollections): Promise<void> => {
  const existing = await existingIndexNames(commits);
  const missing = commitIndexes.filter((index) => !existing.has(index.name));
  if (missing.length > 0) await commits.createIndexes(missing.map((index) => ({ ...index, key: { ...index.key } })));
};

/** Marks a store whose commits all carry their page (written once the migration below has run). */
const LAYOUT = '$layout';
const PAGED_LAYOUT = 2;

/**
 * Updates per bulk write. FerretDB 1.24 on PostgreSQL hangs, whole server and all, on one update command of about
 * 50 statements (measured: 40 passed, 50 never answered), so the migration sends small ones.
 */
const UPDATES_PER_WRITE = 16;

type UnpagedDocument = { _id: string; position: number; shard?: number; dispatched?: boolean };

/**
 * Where each shard's relay starts in a store from before checkpoints: before its first commit still marked
 * `dispatched: false` by the relay that marked commits one by one, else after its last one marked dispatched.
 * Commits written since carry no mark, and always lie above every marked one.
 */
const carriedOver = (docs: readonly UnpagedDocument[]): Map<number, number> => {
  const firstUndispatched = new Map<number, number>();
  const lastDispatched = new Map<number, number>();
  for (const doc of docs) {
    if (doc.shard === undefined || doc.dispatched === undefined) continue;
    const into = doc.dispatched ? lastDispatched : firstUndispatched;
    const seen = into.get(doc.shard);
    into.set(doc.shard, doc.dispatched ? Math.max(seen ?? 0, doc.position) : Math.min(seen ?? Infinity, doc.position));
  }
  const start = new Map(lastDispatched);
  for (const [shard, first] of firstUndispatched) start.set(shard, first - 1);
  return start;
};

/**
 * Brings a store written before pages existed to the current layout, once: every commit gets its page, and the
 * shards of a store from before checkpoints get theirs from the old per-commit marks. One pass over the log,
 * then a marker that later starts read by `_id`. Readers meanwhile still find unpaged commits, by position.
 */
const migrateLayout = async (db: Db, { commits, heads }: StoreCollections): Promise<void> => {
  if (((await heads.findOne({ _id: LAYOUT }))?.version ?? 0) >= PAGED_LAYOUT) return;
  const unpaged = commits.find<UnpagedDocument>(
    { page: { $exists: false } },
    { projection: { _id: 1, position: 1, shard: 1, dispatched: 1 } },
  );
  const marked: UnpagedDocument[] = [];
  let batch: AnyBulkWriteOperation<StoredDocument>[] = [];
  const flush = async () => {
    if (batch.length > 0) await commits.bulkWrite(batch, { ordered: false });
    batch = [];
  };
  for await (const doc of unpaged) {
    batch.push({ updateOne: { filter: { _id: doc._id }, update: { $set: { page: pageOf(doc.position) } } } });
    if (doc.dispatched !== undefined) marked.push(doc);
    if (batch.length >= UPDATES_PER_WRITE) await flush();
  }
  await flush();
  const checkpoints = [...carriedOver(marked)].map(([shard, position]) => ({ _id: shard, position }));
  if (checkpoints.length > 0) {
    try {
      await db.collection<CheckpointDocument>(OUTBOX_CHECKPOINTS).insertMany(checkpoints, { ordered: false });
    } catch (error) {
      // A relay's checkpoint that exists already stands.
      if (!isDuplicateKey(error)) throw error;
    }
  }
  await raiseHint(heads, LAYOUT, PAGED_LAYOUT);
};

const runs = new WeakMap<Db, Promise<void>>();

/**
 * Creates the indexes that are missing, once per Db object in this process. Never concurrently: FerretDB 1.24
 * panics on concurrent createIndexes of a new collection and then refuses every later createIndexes on it
 * (measured). Indexes that exist already are not asked for again, so later starts send no createIndexes at all.
 */
export const ensureIndexes = (db: Db): Promise<void> => {
  let run = runs.get(db);
  if (!run) {
    const collections = collectionsOf(db);
    run = createMissing(collections).then(() => migrateLayout(db, collections));
    runs.set(db, run);
    run.catch(() => runs.delete(db));
  }
  return run;
};
