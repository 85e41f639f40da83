import type { StoredCommit } from '@carebridge/event-store';
import type { Database } from 'better-sqlite3';
import { promiseOf } from './promiseOf';
import { prepareReadAfter } from './readAfter';

/** Same shape as OutboxStorage in @carebridge/outbox-relay (kept structural: stores do not depend on the relay). */
export type SqliteOutboxStorage = {
  acquireLease(shard: number, owner: string, ttlMs: number): Promise<boolean>;
  renewLeases(shards: readonly number[], owner: string, ttlMs: number): Promise<number[]>;
  releaseLease(shard: number, owner: string): Promise<void>;
  heartbeat(owner: string, ttlMs: number): Promise<number>;
  leave(owner: string): Promise<void>;
  checkpoints(shards: readonly number[]): Promise<Map<number, number>>;
  saveCheckpoints(positions: ReadonlyMap<number, number>): Promise<void>;
  readAfter(after: number, limit: number): Promise<{ commits: StoredCommit[]; checkpoint: number }>;
};

/**
 * The relay's view of the embedded store. The `commits` table belongs to the store (it must exist already);
 * `outbox_leases`, `outbox_relays` and `outbox_checkpoints` belong to the relay and are created here. The log is
 * read with the store's own prepareReadAfter.
 */
export type SqliteOutboxStorageOptions = {
  /** Where lease and heartbeat expiry times come from: the real clock unless a test injects one. */
  readonly clock?: () => Date;
};

export const createSqliteOutboxStorage = (
  db: Database,
  options: SqliteOutboxStorageOptions = {},
): SqliteOutboxStorage => {
  const now = (): number => (options.clock ? options.clock().getTime() : Date.now());
  db.exec(`CREATE TABLE IF NOT EXISTS outbox_leases (
    shard INTEGER PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL
  )`);
  // One statement: insert a free shard, or take it over when it is ours or expired; changes = 0 means refused.
  const claim = db.prepare(`
    INSERT INTO outbox_leases (shard, owner, expires_at) VALUES (@shard, @owner, @expiresAt)
    ON CONFLICT (shard) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
    WHERE outbox_leases.owner = excluded.owner OR outbox_leases.expires_at < @now`);
  const release = db.prepare('DELETE FROM outbox_leases WHERE shard = ? AND owner = ?');
  const renew = db.prepare<[number, string, string], { shard: number }>(
    'UPDATE outbox_leases SET expires_at = ? WHERE owner = ? AND shard IN (SELECT value FROM json_each(?)) RETURNING shard',
  );
  db.exec('CREATE TABLE IF NOT EXISTS outbox_relays (owner TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)');
  const dropDead = db.prepare('DELETE FROM outbox_relays WHERE expires_at < ?');
  const beat = db.prepare(
    'INSERT INTO outbox_relays (owner, expires_at) VALUES (?, ?) ON CONFLICT (owner) DO UPDATE SET expires_at = excluded.expires_at',
  );
  const alive = db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM outbox_relays WHERE expires_at > ?');
  const leave = db.prepare('DELETE FROM outbox_relays WHERE owner = ?');
  db.exec('CREATE TABLE IF NOT EXISTS outbox_checkpoints (shard INTEGER PRIMARY KEY, position INTEGER NOT NULL)');
  // The shard list travels as JSON so one prepared statement serves any set of shards.
  const readCheckpoints = db.prepare<[string], { shard: number; position: number }>(
    'SELECT shard, position FROM outbox_checkpoints WHERE shard IN (SELECT value FROM json_each(?))',
  );
  // A shard without a checkpoint starts before its first commit the relay had not marked dispatched when it still
  // marked them one by one (new commits keep the column's 0, and lie above every marked one), else after its last
  // marked commit, else at 0 (a new store).
  const carriedOver = db.prepare<{ shard: number }, { position: number }>(`
    SELECT COALESCE(
      (SELECT MIN(position) - 1 FROM commits WHERE shard = @shard AND dispatched = 0),
      (SELECT MAX(position) FROM commits WHERE shard = @shard AND dispatched = 1),
      0) AS position`);
  const startAt = db.prepare(
    'INSERT INTO outbox_checkpoints (shard, position) VALUES (?, ?) ON CONFLICT (shard) DO NOTHING',
  );
  const moveForward = db.prepare(
    'INSERT INTO outbox_checkpoints (shard, position) VALUES (?, ?) ON CONFLICT (shard) DO UPDATE SET position = MAX(position, excluded.position)',
  );
  const saveAll = db.transaction((positions: ReadonlyMap<number, number>) => {
    for (const [shard, position] of positions) moveForward.run(shard, position);
  });
  const readAfter = prepareReadAfter(db);

  return {
    acquireLease: (shard, owner, ttlMs) =>
      promiseOf(() => {
        const at = now();
        return claim.run({ shard, owner, expiresAt: at + ttlMs, now: at }).changes === 1;
      }),
    renewLeases: (shards, owner, ttlMs) =>
      promiseOf(() =>
        renew
          .all(now() + ttlMs, owner, JSON.stringify(shards))
          .map((row) => row.shard)
          .sort((a, b) => a - b),
      ),
    releaseLease: (shard, owner) =>
      promiseOf(() => {
        release.run(shard, owner);
      }),
    heartbeat: (owner, ttlMs) =>
      promiseOf(() => {
        const at = now();
        dropDead.run(at - ttlMs);
        beat.run(owner, at + ttlMs);
        return alive.get(at)!.n;
      }),
    leave: (owner) =>
      promiseOf(() => {
        leave.run(owner);
      }),
    checkpoints: (shards) =>
      promiseOf(() => {
        const read = () => new Map(readCheckpoints.all(JSON.stringify(shards)).map((row) => [row.shard, row.position]));
        const found = read();
        const missing = shards.filter((shard) => !found.has(shard));
        if (missing.length === 0) return found;
        for (const shard of missing) startAt.run(shard, carriedOver.get({ shard })!.position);
        return read();
      }),
    saveCheckpoints: (positions) =>
      promiseOf(() => {
        saveAll(positions);
      }),
    readAfter: (position, limit) => promiseOf(() => readAfter(position, limit)),
  };
};
