import Database from 'better-sqlite3';
import { createKeyVault, type KeyRecord, type KeyRecordStorage, type RotatingKeyVault } from './keyVault';
import type { MasterKey } from './masterKey';
import { promiseOf } from './promiseOf';

type Row = {
  subject: string;
  kid: string;
  wrapped: string | null;
  master_key_id: string;
  created_at: number;
  destroyed_at: number | null;
};

const toRecord = (row: Row): KeyRecord => ({
  subject: row.subject,
  kid: row.kid,
  wrapped: row.wrapped,
  masterKeyId: row.master_key_id,
  createdAt: new Date(row.created_at),
  destroyedAt: row.destroyed_at === null ? null : new Date(row.destroyed_at),
});

/**
 * Key vault on SQLite (better-sqlite3) for the embedded default. secure_delete zeroes overwritten content, and
 * a destroy truncates the WAL, so an erased key is not left readable in the database or its log files.
 */
export const createSqliteKeyVault = (options: { filename: string; masterKey: MasterKey }): RotatingKeyVault => {
  const db = new Database(options.filename);
  db.pragma('journal_mode = WAL');
  db.pragma('secure_delete = ON');
  db.exec(`CREATE TABLE IF NOT EXISTS subject_keys (
    subject TEXT PRIMARY KEY,
    kid TEXT NOT NULL UNIQUE,
    wrapped TEXT,
    master_key_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    destroyed_at INTEGER
  )`);
  const insert = db.prepare(
    'INSERT OR IGNORE INTO subject_keys (subject, kid, wrapped, master_key_id, created_at, destroyed_at) VALUES (?, ?, ?, ?, ?, NULL)',
  );
  const bySubject = db.prepare<[string], Row>('SELECT * FROM subject_keys WHERE subject = ?');
  const byKid = db.prepare<[string], Row>('SELECT * FROM subject_keys WHERE kid = ?');
  const tombstone = db.prepare(
    'UPDATE subject_keys SET wrapped = NULL, destroyed_at = ? WHERE subject = ? AND wrapped IS NOT NULL',
  );
  const page = db.prepare<[string, number], Row>(
    'SELECT * FROM subject_keys WHERE subject > ? ORDER BY subject LIMIT ?',
  );
  const replaceWrapped = db.prepare(
    'UPDATE subject_keys SET wrapped = ?, master_key_id = ? WHERE subject = ? AND wrapped = ? AND master_key_id = ? AND destroyed_at IS NULL',
  );

  const storage: KeyRecordStorage = {
    insertIfAbsent: (record) =>
      promiseOf(() => {
        insert.run(record.subject, record.kid, record.wrapped, record.masterKeyId, record.createdAt.getTime());
        return toRecord(bySubject.get(record.subject)!);
      }),
    bySubject: (subject) =>
      promiseOf(() => {
        const row = bySubject.get(subject);
        return row ? toRecord(row) : null;
      }),
    byKid: (kid) =>
      promiseOf(() => {
        const row = byKid.get(kid);
        return row ? toRecord(row) : null;
      }),
    tombstone: (subject, destroyedAt) =>
      promiseOf(() => {
        const changed = tombstone.run(destroyedAt.getTime(), subject).changes === 1;
        if (changed) db.pragma('wal_checkpoint(TRUNCATE)');
        return changed;
      }),
    // '' sorts before every subject (they start with a letter).
    page: (after, limit) => promiseOf(() => page.all(after ?? '', limit).map(toRecord)),
    replaceWrapped: (subject, from, to) =>
      promiseOf(
        () => replaceWrapped.run(to.wrapped, to.masterKeyId, subject, from.wrapped, from.masterKeyId).changes === 1,
      ),
    close: () =>
      promiseOf(() => {
        db.close();
      }),
  };
  return createKeyVault(storage, options.masterKey);
};
