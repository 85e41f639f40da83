import type { StoredCommit } from '@carebridge/event-store';
import type { Database } from 'better-sqlite3';
import { fromRow, type CommitRow } from './commitRow';

/** Same shape as OutboxStorage in @carebridge/outbox-relay (kept structural: stores do not depend on the relay). */
export type SqliteOutboxStorage = {
  acquireLease(shard: number, owner: string, ttlMs: number): Promise<boolean>;
  releaseLease(shard: number, owner: string): Promise<void>;
  heartbeat(owner: string, ttlMs: number): Promise<number>;
  leave(owner: string): Promise<void>;
  pending(shards: readonly number[], limit: number): Promise<StoredCommit[]>;
  markDispatched(commitIds: readonly string[]): Promise<void>;
};

/**
 * The relay's view of the embedded store. The `commits` table belongs to the store (it must exist already);
 * `outbox_leases` and `outbox_relays` belong to the relay and are created here.
 */
export const createSqliteOutboxStorage = (db: Database): SqliteOutboxStorage => {
  db.exec(`CREATE TABLE IF NOT EXISTS outbox_leases (
    shard INTEGER PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL
  )`);
  // One statement: insert a free shard, or take it over when it is ours or expired; changes = 0 means refused.
  const claim = db.prepare(`
    INSERT INTO outbox_leases (shard, owner, expires_at) VALUES (@shard, @owner, @expiresAt)
    ON CONFLICT (shard) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
    WHERE outbox_leases.owner = excluded.owner OR outbox_leases.expires_at < @now`);
  const release = db.prepare('DELETE FROM outbox_leases WHERE shard = ? AND owner = ?');
  db.exec('CREATE TABLE IF NOT EXISTS outbox_relays (owner TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)');
  const dropDead = db.prepare('DELETE FROM outbox_relays WHERE expires_at < ?');
  const beat = db.prepare('INSERT INTO outbox_relays (owner, expires_at) VALUES (?, ?) ON CONFLICT (owner) DO UPDATE SET expires_at = excluded.expires_at');
  const alive = db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM outbox_relays WHERE expires_at > ?');
  const leave = db.prepare('DELETE FROM outbox_relays WHERE owner = ?');
  // The shard list travels as JSON so one prepared statement serves any set of shards. Positions are chosen from
  // the (shard, dispatched, position) index alone, then only those rows are read: sorting whole rows would read
  // every undispatched commit on every poll.
  const pending = db.prepare<[string, number], CommitRow>(
    `SELECT * FROM commits WHERE position IN (
       SELECT position FROM commits WHERE shard IN (SELECT value FROM json_each(?)) AND dispatched = 0 ORDER BY position LIMIT ?
     ) ORDER BY position`,
  );
  const mark = db.prepare('UPDATE commits SET dispatched = 1 WHERE commit_id = ?');
  const markAll = db.transaction((ids: readonly string[]) => {
    for (const id of ids) mark.run(id);
  });

  return {
    async acquireLease(shard, owner, ttlMs) {
      const now = Date.now();
      return claim.run({ shard, owner, expiresAt: now + ttlMs, now }).changes === 1;
    },
    async releaseLease(shard, owner) {
      release.run(shard, owner);
    },
    async heartbeat(owner, ttlMs) {
      const now = Date.now();
      dropDead.run(now - ttlMs);
      beat.run(owner, now + ttlMs);
      return alive.get(now)!.n;
    },
    async leave(owner) {
      leave.run(owner);
    },
    async pending(shards, limit) {
      return shards.length === 0 ? [] : pending.all(JSON.stringify(shards), limit).map(fromRow);
    },
    async markDispatched(commitIds) {
      markAll(commitIds);
    },
  };
};
