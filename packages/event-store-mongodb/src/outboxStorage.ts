import type { StoredCommit } from '@carebridge/event-store';
import type { Db } from 'mongodb';
import { fromDocument, type CommitDocument } from './commitDocument';
import { isDuplicateKey } from './duplicateKey';
import { COMMITS } from './ensureIndexes';

/** `outbox_leases`: one document per shard, owned by the outbox relay. */
export const OUTBOX_LEASES = 'outbox_leases';
/** `outbox_relays`: one document per live relay (its heartbeat), owned by the outbox relay. */
export const OUTBOX_RELAYS = 'outbox_relays';

type LeaseDocument = { _id: number; owner: string; expiresAt: Date };
type RelayDocument = { _id: string; expiresAt: Date };

/** Same shape as OutboxStorage in @carebridge/outbox-relay (kept structural: stores do not depend on the relay). */
export type MongoOutboxStorage = {
  acquireLease(shard: number, owner: string, ttlMs: number): Promise<boolean>;
  releaseLease(shard: number, owner: string): Promise<void>;
  heartbeat(owner: string, ttlMs: number): Promise<number>;
  leave(owner: string): Promise<void>;
  pending(shards: readonly number[], limit: number): Promise<StoredCommit[]>;
  markDispatched(commitIds: readonly string[]): Promise<void>;
};

/** Ids per updateMany when marking commits dispatched. */
const MARK_CHUNK = 100;

/**
 * The relay's view of a MongoDB store. Only operations FerretDB 1.24 supports: a conditional upsert on `_id`
 * (the lease), an upsert on `_id` and a count (the heartbeat), find on the (shard, dispatched, position) index,
 * updateMany by `_id` with `$in`.
 */
export const createMongoOutboxStorage = (db: Db): MongoOutboxStorage => {
  const leases = db.collection<LeaseDocument>(OUTBOX_LEASES);
  const relays = db.collection<RelayDocument>(OUTBOX_RELAYS);
  const commits = db.collection<CommitDocument>(COMMITS);

  return {
    async acquireLease(shard, owner, ttlMs) {
      const now = new Date();
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
    async releaseLease(shard, owner) {
      await leases.deleteOne({ _id: shard, owner });
    },
    async heartbeat(owner, ttlMs) {
      const now = new Date();
      // Relays that died long ago are dropped here; the count ignores any not yet dropped.
      await relays.deleteMany({ expiresAt: { $lt: new Date(now.getTime() - ttlMs) } });
      await relays.updateOne({ _id: owner }, { $set: { expiresAt: new Date(now.getTime() + ttlMs) } }, { upsert: true });
      return relays.countDocuments({ expiresAt: { $gt: now } });
    },
    async leave(owner) {
      await relays.deleteOne({ _id: owner });
    },
    async pending(shards, limit) {
      if (shards.length === 0) return [];
      const shard = shards.length === 1 ? shards[0]! : { $in: [...shards] };
      const docs = await commits.find({ shard, dispatched: false }).sort({ position: 1 }).limit(limit).toArray();
      return docs.map(fromDocument);
    },
    async markDispatched(commitIds) {
      if (commitIds.length === 0) return;
      // updateMany by _id in chunks. Not bulkWrite: FerretDB 1.24 was seen to hang on an unordered bulk of
      // 100 updateOne operations (64 went through).
      for (let i = 0; i < commitIds.length; i += MARK_CHUNK) {
        await commits.updateMany({ _id: { $in: commitIds.slice(i, i + MARK_CHUNK) } }, { $set: { dispatched: true } });
      }
    },
  };
};
