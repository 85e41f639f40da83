import type { StoredCommit } from '@carebridge/event-store';

/**
 * What the relay needs from a store adapter (MongoDB: event-store-mongodb/src/outbox.ts, SQLite:
 * event-store-sqlite/src/outbox.ts). Every write is a single-document (single-row) atomic operation.
 */
export type OutboxStorage = {
  /**
   * Claims the shard for `owner` until now + ttlMs, or renews the owner's claim; false while another owner's
   * claim has not expired. One atomic conditional upsert, so two relays can never both get true.
   */
  acquireLease(shard: number, owner: string, ttlMs: number): Promise<boolean>;
  /** Extends the owner's claims on these shards in one request; returns the shards it still holds. */
  renewLeases(shards: readonly number[], owner: string, ttlMs: number): Promise<number[]>;
  /** Gives the shard up at once (only if `owner` still holds it), so another relay need not wait for expiry. */
  releaseLease(shard: number, owner: string): Promise<void>;
  /**
   * Records that relay `owner` is alive until now + ttlMs and returns how many relays are alive (itself
   * included): what each relay's fair share of the shards is computed from.
   */
  heartbeat(owner: string, ttlMs: number): Promise<number>;
  /** Says `owner` has stopped, so the others take up its share without waiting for its heartbeat to expire. */
  leave(owner: string): Promise<void>;
  /**
   * Each shard's checkpoint: every commit of the shard at or below it has been published. A shard seen for the
   * first time starts where the store's earlier dispatch state says (0 on a new store).
   */
  checkpoints(shards: readonly number[]): Promise<Map<number, number>>;
  /** Moves checkpoints forward (never back); called only after the broker acknowledged everything below them. */
  saveCheckpoints(positions: ReadonlyMap<number, number>): Promise<void>;
  /**
   * Commits after `after` in position order, never past a position that may still become visible (a hole
   * another writer has yet to fill), and the position up to which the log was read.
   */
  readAfter(after: number, limit: number): Promise<{ commits: StoredCommit[]; checkpoint: number }>;
};
