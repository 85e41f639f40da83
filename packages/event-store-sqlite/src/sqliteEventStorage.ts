import BetterSqlite3, { type Database } from 'better-sqlite3';
import { EventStoreError, type EventStorage, type InsertOutcome } from '@carebridge/event-store';
import { fromRow, toRow, type CommitRow } from './commitRow';
import { promiseOf } from './promiseOf';
import { prepareReadAfter } from './readAfter';
import { configureConnection, ensureSchema } from './schema';

export type SqliteEventStorageOptions =
  /** A file the storage opens (and closes); `:memory:` works for a single store. */
  | { readonly path: string }
  /** A connection the caller owns (e.g. shared with read models): configured here, never closed here. */
  | { readonly database: Database };

// By code, not `instanceof`: better-sqlite3's SqliteError may come from another realm (e.g. a jest sandbox).
const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';

/** The embedded adapter: commit rows in one SQLite file; every append is one INSERT, atomic on its own. */
export const createSqliteEventStorage = (options: SqliteEventStorageOptions): EventStorage => {
  const owned = 'path' in options;
  const db = owned ? new BetterSqlite3(options.path) : options.database;
  configureConnection(db);
  ensureSchema(db);

  const insert = db.prepare(`
    INSERT INTO commits (commit_id, stream_id, from_version, to_version, events, command_id, traceparent, actor, recorded_at, shard)
    VALUES (@commit_id, @stream_id, @from_version, @to_version, @events, @command_id, @traceparent, @actor, @recorded_at, @shard)`);
  const byCommand = db.prepare<[string, string], CommitRow>(
    'SELECT * FROM commits WHERE stream_id = ? AND command_id = ?',
  );
  const byVersion = db.prepare<[string, number], { position: number }>(
    'SELECT position FROM commits WHERE stream_id = ? AND from_version = ?',
  );
  const head = db.prepare<[string], { head: number | null }>(
    'SELECT MAX(to_version) AS head FROM commits WHERE stream_id = ?',
  );
  const stream = db.prepare<[string, number], CommitRow>(
    'SELECT * FROM commits WHERE stream_id = ? AND to_version >= ? ORDER BY from_version',
  );
  const readAfter = prepareReadAfter(db);

  return {
    name: 'sqlite',

    insertCommit: (draft): Promise<InsertOutcome> =>
      promiseOf(() => {
        try {
          const info = insert.run(toRow(draft));
          return { kind: 'appended', position: Number(info.lastInsertRowid) };
        } catch (error) {
          if (!isUniqueViolation(error)) {
            throw new EventStoreError(`sqlite: could not append to ${draft.streamId}: ${(error as Error).message}`, {
              cause: error,
            });
          }
          // The command index wins over the version index: a replay that also raced on the version is a replay.
          const first = byCommand.get(draft.streamId, draft.commandId);
          if (first) return { kind: 'replayed', commit: fromRow(first) };
          if (byVersion.get(draft.streamId, draft.fromVersion)) return { kind: 'version_taken' };
          throw new EventStoreError(`sqlite: commit ${draft.commitId} collides with an existing commit id`, {
            cause: error,
          });
        }
      }),

    findCommitByCommand: (streamId, commandId) =>
      promiseOf(() => {
        const row = byCommand.get(streamId, commandId);
        return row ? fromRow(row) : undefined;
      }),

    streamHead: (streamId) => promiseOf(() => head.get(streamId)?.head ?? 0),

    readStream: (streamId, fromVersion) => promiseOf(() => stream.all(streamId, fromVersion).map(fromRow)),

    readAll: (position, limit) => promiseOf(() => readAfter(position, limit)),

    close: () =>
      promiseOf(() => {
        if (owned && db.open) db.close();
      }),
  };
};
