import type { Database } from 'better-sqlite3';

/**
 * The commit table, as agreed with the outbox relay. `position` is the global commit order: SQLite allocates
 * it inside the write lock, so commits become visible in position order and readAll never meets a hole.
 */
export const ensureSchema = (db: Database): void => {
  db.exec(`
    CREATE TABLE IF NOT EXISTS commits (
      position     INTEGER PRIMARY KEY AUTOINCREMENT,
      commit_id    TEXT NOT NULL UNIQUE,
      stream_id    TEXT NOT NULL,
      from_version INTEGER NOT NULL,
      to_version   INTEGER NOT NULL,
      events       TEXT NOT NULL,
      command_id   TEXT NOT NULL,
      traceparent  TEXT,
      actor        TEXT,
      recorded_at  INTEGER NOT NULL,
      shard        INTEGER NOT NULL,
      -- Unused since the relay keeps per-shard checkpoints (outbox_checkpoints); read once, to carry over
      -- the dispatch state of a file written before that.
      dispatched   INTEGER NOT NULL DEFAULT 0,
      UNIQUE (stream_id, from_version),
      UNIQUE (stream_id, command_id)
    );
  `);
};

/** WAL lets readers run beside the single writer; the busy timeout makes a second connection wait, not fail. */
export const configureConnection = (db: Database): void => {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
};
