import type { Database, Transaction } from 'better-sqlite3';
import type { RecordHeaders } from '../types';

export type LogRow = {
  readonly topic: string;
  readonly part: number;
  readonly seq: number;
  readonly key: string;
  readonly value: Buffer;
  readonly headers: string;
  readonly ts: number;
};

export type AppendRow = { topic: string; part: number; key: string; value: Buffer; headers: RecordHeaders; ts: number };

/**
 * The embedded bus keeps its topics in SQLite, like Kafka keeps them on disk: records and the offsets each
 * group committed survive a restart, so a consumer resumes where it stopped.
 */
export type EmbeddedLog = {
  ensureTopic(topic: string, partitions: number): number;
  partitionsOf(topic: string): number | undefined;
  end(topic: string, part: number): number;
  /** All rows in one transaction: a publish is durable as a whole once this returns. */
  append: Transaction<(rows: readonly AppendRow[]) => void>;
  read(topic: string, part: number, from: number, limit: number): LogRow[];
  committed(groupId: string, topic: string, part: number): number | undefined;
  commit(groupId: string, topic: string, part: number, nextSeq: number): void;
};

export const createEmbeddedLog = (db: Database): EmbeddedLog => {
  db.exec(`
    CREATE TABLE IF NOT EXISTS bus_topics (topic TEXT PRIMARY KEY, partitions INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS bus_records (
      topic TEXT NOT NULL, part INTEGER NOT NULL, seq INTEGER NOT NULL,
      key TEXT NOT NULL, value BLOB NOT NULL, headers TEXT NOT NULL, ts INTEGER NOT NULL,
      PRIMARY KEY (topic, part, seq)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS bus_offsets (
      group_id TEXT NOT NULL, topic TEXT NOT NULL, part INTEGER NOT NULL, next_seq INTEGER NOT NULL,
      PRIMARY KEY (group_id, topic, part)
    ) WITHOUT ROWID;
  `);
  const topicRow = db.prepare<[string], { partitions: number }>('SELECT partitions FROM bus_topics WHERE topic = ?');
  const addTopic = db.prepare('INSERT OR IGNORE INTO bus_topics (topic, partitions) VALUES (?, ?)');
  const endOf = db.prepare<[string, number], { end: number | null }>(
    'SELECT MAX(seq) + 1 AS end FROM bus_records WHERE topic = ? AND part = ?',
  );
  const insert = db.prepare(
    'INSERT INTO bus_records (topic, part, seq, key, value, headers, ts) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const readFrom = db.prepare<[string, number, number, number], LogRow>(
    'SELECT * FROM bus_records WHERE topic = ? AND part = ? AND seq >= ? ORDER BY seq LIMIT ?',
  );
  const committedRow = db.prepare<[string, string, number], { next_seq: number }>(
    'SELECT next_seq FROM bus_offsets WHERE group_id = ? AND topic = ? AND part = ?',
  );
  const upsertOffset = db.prepare(
    `INSERT INTO bus_offsets (group_id, topic, part, next_seq) VALUES (?, ?, ?, ?)
     ON CONFLICT (group_id, topic, part) DO UPDATE SET next_seq = excluded.next_seq`,
  );

  const ensureTopic = (topic: string, partitions: number): number => {
    addTopic.run(topic, partitions);
    return topicRow.get(topic)!.partitions;
  };
  const end = (topic: string, part: number): number => endOf.get(topic, part)?.end ?? 0;

  return {
    ensureTopic,
    partitionsOf: (topic: string): number | undefined => topicRow.get(topic)?.partitions,
    end,
    append: db.transaction((rows: readonly AppendRow[]) => {
      const next = new Map<string, number>();
      for (const r of rows) {
        const slot = `${r.topic}\u0000${r.part}`;
        const seq = next.get(slot) ?? end(r.topic, r.part);
        insert.run(r.topic, r.part, seq, r.key, r.value, JSON.stringify(r.headers), r.ts);
        next.set(slot, seq + 1);
      }
    }),
    read: (topic: string, part: number, from: number, limit: number): LogRow[] =>
      readFrom.all(topic, part, from, limit),
    committed: (groupId: string, topic: string, part: number): number | undefined =>
      committedRow.get(groupId, topic, part)?.next_seq,
    commit: (groupId: string, topic: string, part: number, nextSeq: number): void => {
      upsertOffset.run(groupId, topic, part, nextSeq);
    },
  };
};

/** FNV-1a of the key: stable across restarts, so one key always lands on the same partition. */
export const partitionOf = (key: string, partitions: number): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitions;
};
