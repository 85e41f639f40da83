import {
  appliedFromPairs,
  appliedToPairs,
  type CollectionStorage,
  type DocumentStorage,
  type JsonValue,
  type StoredRecord,
} from '@carebridge/document-store';
import type { Database } from 'better-sqlite3';
import { promiseOf } from './promiseOf';
import { containsText, jsonPath, orderSql, whereSql } from './sqliteFilter';

type Row = { data: string | null; rev: number; applied: string };

/** Read models get their own table prefix so they never meet the event log's tables in a shared file. */
const tableOf = (name: string): string => `"rm_${name}"`;

const collectionStorage = (db: Database, name: string, indexes: readonly string[]): CollectionStorage => {
  const table = tableOf(name);
  // One row per document: data, revision and applied versions change together in one statement.
  db.exec(
    `CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, data TEXT, rev INTEGER NOT NULL, applied TEXT NOT NULL)`,
  );
  // Two per path: the value (equalities, ranges, order) and its JSON type (which documents hold an array there).
  for (const path of indexes) {
    const index = `rm_${name}__${path.replace(/\./g, '__')}`;
    db.exec(`CREATE INDEX IF NOT EXISTS "${index}" ON ${table} (json_extract(data, ${jsonPath(path)}))`);
    db.exec(`CREATE INDEX IF NOT EXISTS "${index}__type" ON ${table} (json_type(data, ${jsonPath(path)}))`);
  }
  const indexed = { table, paths: new Set(indexes) };
  const load = db.prepare<[string], Row>(`SELECT data, rev, applied FROM ${table} WHERE id = ?`);
  const insert = db.prepare(
    `INSERT INTO ${table} (id, data, rev, applied) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`,
  );
  const replace = db.prepare(`UPDATE ${table} SET data = ?, rev = ?, applied = ? WHERE id = ? AND rev = ?`);
  const remove = db.prepare(`DELETE FROM ${table} WHERE id = ?`);
  const removeAll = db.prepare(`DELETE FROM ${table}`);

  const columns = (record: StoredRecord): [string | null, number, string] => [
    record.data === undefined ? null : JSON.stringify(record.data),
    record.revision,
    JSON.stringify(appliedToPairs(record.applied)),
  ];

  return {
    load: (id) =>
      promiseOf(() => {
        const row = load.get(id);
        if (!row) return undefined;
        return {
          data: row.data === null ? undefined : (JSON.parse(row.data) as Record<string, JsonValue>),
          revision: row.rev,
          applied: appliedFromPairs(JSON.parse(row.applied)),
        };
      }),
    insert: (id, record) =>
      promiseOf(() => {
        const [data, rev, applied] = columns(record);
        return insert.run(id, data, rev, applied).changes === 1;
      }),
    replace: (id, expectedRevision, record) =>
      promiseOf(() => {
        const [data, rev, applied] = columns(record);
        return replace.run(data, rev, applied, id, expectedRevision).changes === 1;
      }),
    remove: (id) =>
      promiseOf(() => {
        remove.run(id);
      }),
    find: (conditions, page) =>
      promiseOf(() => {
        const where = whereSql(conditions, indexed);
        const rows = db
          .prepare<unknown[], { data: string }>(
            `SELECT data FROM ${table} WHERE ${where.sql} ORDER BY ${orderSql(page.sort)} LIMIT ? OFFSET ?`,
          )
          .all(...where.params, page.limit, page.offset);
        return rows.map((row) => JSON.parse(row.data) as JsonValue);
      }),
    count: (conditions) =>
      promiseOf(() => {
        const where = whereSql(conditions, indexed);
        return (
          db
            .prepare<unknown[], { n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where.sql}`)
            .get(...where.params)?.n ?? 0
        );
      }),
    removeAll: () =>
      promiseOf(() => {
        removeAll.run();
      }),
  };
};

/** Storage in a better-sqlite3 database: one table per read model, JSON documents queried with json_extract/json_each. */
export const sqliteDocumentStorage = (db: Database, close: () => void = () => undefined): DocumentStorage => {
  db.function('cb_contains', { deterministic: true }, containsText);
  return {
    collection: (name, indexes) => collectionStorage(db, name, indexes),
    close: () => promiseOf(close),
  };
};
