import type { Collection, Db } from 'mongodb';
import type { StoredDocument } from './commitDocument';

export const COMMITS = 'commits';

/**
 * Index names are part of the layout shared with the outbox relay (same keys under another name would clash).
 * All of them are plain (compound) ascending indexes, unique or not: FerretDB 1.24 supports them, and their
 * uniqueness is the only concurrency guard the store relies on.
 */
export const commitIndexes = [
  { key: { streamId: 1, fromVersion: 1 }, name: 'commits_stream_version', unique: true },
  { key: { streamId: 1, commandId: 1 }, name: 'commits_stream_command', unique: true },
  { key: { position: 1 }, name: 'commits_position', unique: true },
] as const;

export type StoreCollections = {
  readonly commits: Collection<StoredDocument>;
};

export const collectionsOf = (db: Db): StoreCollections => ({
  commits: db.collection<StoredDocument>(COMMITS),
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

const runs = new WeakMap<Db, Promise<void>>();

/**
 * Creates the indexes that are missing, once per Db object in this process. Never concurrently: FerretDB 1.24
 * panics on concurrent createIndexes of a new collection and then refuses every later createIndexes on it
 * (measured). Indexes that exist already are not asked for again, so later starts send no createIndexes at all.
 */
export const ensureIndexes = (db: Db): Promise<void> => {
  let run = runs.get(db);
  if (!run) {
    run = createMissing(collectionsOf(db));
    runs.set(db, run);
    run.catch(() => runs.delete(db));
  }
  return run;
};
