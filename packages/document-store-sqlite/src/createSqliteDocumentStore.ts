import { createDocumentStore, type DocumentStore } from '@carebridge/document-store';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { sqliteDocumentStorage } from './sqliteDocumentStorage';

export type SqliteDocumentStoreOptions =
  /** A database the caller owns (e.g. shared with the embedded event log): close() leaves it open. */
  | { readonly database: Database }
  /** A file path (or ':memory:'): the store opens it in WAL mode and close() closes it. */
  | { readonly filename: string };

export const createSqliteDocumentStore = (options: SqliteDocumentStoreOptions): DocumentStore => {
  if ('database' in options) return createDocumentStore(sqliteDocumentStorage(options.database));
  const db = new BetterSqlite3(options.filename);
  db.pragma('journal_mode = WAL');
  // Another process on the same file waits for the write lock instead of failing at once.
  db.pragma('busy_timeout = 5000');
  return createDocumentStore(sqliteDocumentStorage(db, () => db.close()));
};
