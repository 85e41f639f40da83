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
  /** Gives the shard up at once (only if `owner` still holds it), so another relay need not wait for expiry. */
  releaseLease(shard: number, owner: string): Promise<void>;
  /**
   * Records that relay `owner` is alive until now + ttlMs and returns how many relays are alive (itself
   * included): what each relay's fair share of the shards is computed from.
   */
  heartbeat(owner: string, ttlMs: number): Promise<number>;
  /** Says `owner` has stopped, so the others take up its share without waiting for its heartbeat to expire. */
  leave(owner: string): Promise<void>;
  /** Undispatched commits of these shards, selected by state (never by position), oldest position first. */
  pending(shards: readonly number[], limit: number): Promise<StoredCommit[]>;
  /** Marks commits dispatched; called only after the broker acknowledged every record of them. */
  markDispatched(commitIds: readonly string[]): Promise<void>;
};
