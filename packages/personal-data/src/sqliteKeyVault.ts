import Database from 'better-sqlite3';
import { createKeyVault, type KeyRecord, type KeyRecordStorage, type RotatingKeyVault } from './keyVault';
import type { MasterKey } from './masterKey';
import { promiseOf } from './promiseOf';

type Row = {
  subject: string;
  kid: string;
  parent: string | null;
  wrapped: string | null;
  master_key_id: string | null;
  created_at: number;
  destroyed_at: number | null;
};

const toRecord = (row: Row): KeyRecord => ({
  subject: row.subject,
  kid: row.kid,
  parent: row.parent,
  wrapped: row.wrapped,
  masterKeyId: row.master_key_id,
  createdAt: new Date(row.created_at),
  destroyedAt: row.destroyed_at === null ? null : new Date(row.destroyed_at),
});

const TABLE = `CREATE TABLE subject_keys (
    subject TEXT PRIMARY KEY,
    kid TEXT NOT NULL UNIQUE,
    parent TEXT,
    wrapped TEXT,
    master_key_id TEXT,
    created_at INTEGER NOT NULL,
    destroyed_at INTEGER,
    CHECK ((parent IS NULL) <> (master_key_id IS NULL))
  )`;

/**
 * Creates the table, or moves one from before keys had parents (master_key_id NOT NULL, no parent column) to this
 * shape: SQLite cannot drop a NOT NULL, so the rows are copied into a new table in one transaction.
 */
const migrate = (db: Database.Database): void => {
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(subject_keys)').all();
  if (columns.length === 0) db.exec(TABLE);
  else if (!columns.some((c) => c.name === 'parent'))
    db.transaction(() => {
      db.exec('ALTER TABLE subject_keys RENAME TO subject_keys_before_parents');
      db.exec(TABLE);
      db.exec(`INSERT INTO subject_keys (subject, kid, parent, wrapped, master_key_id, created_at, destroyed_at)
        SELECT subject, kid, NULL, wrapped, master_key_id, created_at, destroyed_at FROM subject_keys_before_parents`);
      db.exec('DROP TABLE subject_keys_before_parents');
    })();
};

/**
 * Key vault on SQLite (better-sqlite3) for the embedded default. secure_delete zeroes overwritten content, and
 * a destroy truncates the WAL, so an erased key is not left readable in the database or its log files.
 */
export const createSqliteKeyVault = (options: { filename: string; masterKey: MasterKey }): RotatingKeyVault => {
  const db = new Database(options.filename);
  db.pragma('journal_mode = WAL');
  db.pragma('secure_delete = ON');
  migrate(db);
  const insert = db.prepare(
    'INSERT OR IGNORE INTO subject_keys (subject, kid, parent, wrapped, master_key_id, created_at, destroyed_at) VALUES (?, ?, ?, ?, ?, ?, NULL)',
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
        insert.run(
          record.subject,
          record.kid,
          record.parent,
          record.wrapped,
          record.masterKeyId,
          record.createdAt.getTime(),
        );
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
