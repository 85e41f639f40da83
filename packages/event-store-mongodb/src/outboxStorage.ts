import type { StoredCommit } from '@carebridge/event-store';
import type { Db } from 'mongodb';
import { LOG_PAGE_SIZE } from './commitDocument';
import { isDuplicateKey } from './duplicateKey';
import { collectionsOf, ensureIndexes } from './ensureIndexes';
import { createLogReader } from './readAllWithHoles';
import {
  OUTBOX_CHECKPOINTS,
  OUTBOX_LEASES,
  OUTBOX_RELAYS,
  type CheckpointDocument,
  type LeaseDocument,
  type RelayDocument,
} from './outboxCollections';
import { recentCommitsOf } from './recentCommits';

export { OUTBOX_CHECKPOINTS, OUTBOX_LEASES, OUTBOX_RELAYS } from './outboxCollections';

/** Same shape as OutboxStorage in @carebridge/outbox-relay (kept structural: stores do not depend on the relay). */
export type MongoOutboxStorage = {
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
 * Commits read from the server per call, beyond the batch the relay asked for: the log is read a whole page
 * (LOG_PAGE_SIZE positions) per query, so a relay catching up is served several batches from one read.
 */
const READ_AHEAD = 8 * LOG_PAGE_SIZE;

export type MongoOutboxStorageOptions = {
  /** How long a hole in the positions may stay open before the relay's read closes it (default 3 s, as the store). */
  readonly gapGraceMs?: number;
  /** Where lease and heartbeat expiry times come from: the real clock unless a test injects one. */
  readonly clock?: () => Date;
};

/**
 * The relay's view of a MongoDB store. Only operations FerretDB 1.24 supports: a conditional upsert on `_id`
 * (the lease), an upsert on `_id` and a count (the heartbeat), `$max` on 16 checkpoint documents, and the
 * store's own hole-aware read of the log by position. Commits this process appended come from memory
 * (recentCommits.ts), so a relay beside its writer reads the server only for other processes' commits.
 */
export const createMongoOutboxStorage = (db: Db, options: MongoOutboxStorageOptions = {}): MongoOutboxStorage => {
  const leases = db.collection<LeaseDocument>(OUTBOX_LEASES);
  const relays = db.collection<RelayDocument>(OUTBOX_RELAYS);
  const checkpoints = db.collection<CheckpointDocument>(OUTBOX_CHECKPOINTS);
  const { commits, heads } = collectionsOf(db);
  const readLog = createLogReader({ commits, heads, gapGraceMs: options.gapGraceMs ?? 3000 });
  const recent = recentCommitsOf(db);
  const clock = options.clock ?? (() => new Date());
  // What the last server read returned: commits in (after, checkpoint], settled for good (positions never change hands).
  let ahead: { after: number; commits: StoredCommit[]; checkpoint: number } | undefined;

  return {
    async acquireLease(shard, owner, ttlMs) {
      const now = clock();
      try {
        // Matches when the shard is ours or free; otherwise the upsert's insert collides on _id and we lose.
        const result = await leases.updateOne(
          { _id: shard, $or: [{ owner }, { expiresAt: { $lt: now } }] },
          { $set: { owner, expiresAt: new Date(now.getTime() + ttlMs) } },
          { upsert: true },
        );
        return result.matchedCount + result.upsertedCount === 1;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    async renewLeases(shards, owner, ttlMs) {
      if (shards.length === 0) return [];
      const expiresAt = new Date(clock().getTime() + ttlMs);
      await leases.updateMany({ _id: { $in: [...shards] }, owner }, { $set: { expiresAt } });
      const held = await leases
        .find({ _id: { $in: [...shards] }, owner, expiresAt }, { projection: { _id: 1 } })
        .toArray();
      return held.map((lease) => lease._id).sort((a, b) => a - b);
    },
    async releaseLease(shard, owner) {
      await leases.deleteOne({ _id: shard, owner });
    },
    async heartbeat(owner, ttlMs) {
      const now = clock();
      // Relays that died long ago are dropped here; the count ignores any not yet dropped.
      await relays.deleteMany({ expiresAt: { $lt: new Date(now.getTime() - ttlMs) } });
      await relays.updateOne(
        { _id: owner },
        { $set: { expiresAt: new Date(now.getTime() + ttlMs) } },
        { upsert: true },
      );
      return relays.countDocuments({ expiresAt: { $gt: now } });
    },
    async leave(owner) {
      await relays.deleteOne({ _id: owner });
    },
    async checkpoints(shards) {
      const read = async () =>
        new Map((await checkpoints.find({ _id: { $in: [...shards] } }).toArray()).map((d) => [d._id, d.position]));
      let found = await read();
      const missing = shards.filter((shard) => !found.has(shard));
      if (missing.length === 0) return found;
      // A store from before checkpoints gets its shards' checkpoints from the layout migration: wait for it.
      await ensureIndexes(db);
      found = await read();
      const stillMissing = shards.filter((shard) => !found.has(shard));
      if (stillMissing.length === 0) return found;
      try {
        // A shard of a new store starts at the beginning of the log.
        await checkpoints.insertMany(
          stillMissing.map((shard) => ({ _id: shard, position: 0 })),
          { ordered: false },
        );
      } catch (error) {
        // Another relay wrote some first: theirs stand.
        if (!isDuplicateKey(error)) throw error;
      }
      found = await read();
      return found;
    },
    async saveCheckpoints(positions) {
      // One update per distinct position; after a batch every held shard is usually at the same one.
      const byPosition = new Map<number, number[]>();
      for (const [shard, position] of positions) byPosition.set(position, [...(byPosition.get(position) ?? []), shard]);
      for (const [position, shards] of byPosition) {
        await checkpoints.updateMany({ _id: { $in: shards } }, { $max: { position } });
      }
    },
    async readAfter(after, limit) {
      const fresh = recent.runAfter(after, limit);
      if (fresh.length > 0) return { commits: fresh, checkpoint: fresh.at(-1)!.position };
      if (!ahead || after < ahead.after || after >= ahead.checkpoint)
        ahead = { after, ...(await readLog(after, Math.max(limit, READ_AHEAD))) };
      const rest = ahead.commits.filter((c) => c.position > after);
      const page = rest.slice(0, limit);
      const checkpoint = page.length < rest.length ? page.at(-1)!.position : ahead.checkpoint;
      if (checkpoint >= ahead.checkpoint) ahead = undefined;
      return { commits: page, checkpoint };
    },
  };
};

/**
 * How many commits the relays have yet to publish: those above their shard's checkpoint (a shard without one
 * counts from 0). Reads the whole log; for tests and operators' checks, not for a hot path.
 */
export const outboxBacklog = async (db: Db): Promise<number> => {
  const stored = await db.collection<CheckpointDocument>(OUTBOX_CHECKPOINTS).find({}).toArray();
  const checkpoint = new Map(stored.map((d) => [d._id, d.position]));
  const { commits } = collectionsOf(db);
  const all = await commits.find({ shard: { $exists: true } }, { projection: { shard: 1, position: 1 } }).toArray();
  return all.filter((doc) => 'shard' in doc && doc.position > (checkpoint.get(doc.shard) ?? 0)).length;
};
