import type { Actor } from './types';

/** An event as persisted, before upcasting: the schema version it was written with. */
export type StoredEvent = {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: Record<string, unknown>;
};

/**
 * The commit document: one per append, the unit of atomicity. It is also the outbox record: the relay publishes
 * commits in position order and keeps, per shard, the position up to which Kafka has acknowledged them.
 */
export type CommitDraft = {
  readonly commitId: string;
  readonly streamId: string;
  readonly fromVersion: number;
  readonly toVersion: number;
  readonly events: readonly StoredEvent[];
  readonly commandId: string;
  readonly traceparent?: string;
  readonly actor?: Actor;
  readonly recordedAt: Date;
  /** Outbox shard (hash of the stream id): relays lease shards, so one stream has one publisher. */
  readonly shard: number;
};

export type StoredCommit = CommitDraft & { readonly position: number };

export type InsertOutcome =
  | { readonly kind: 'appended'; readonly position: number }
  /** (streamId, fromVersion) was taken by another writer. */
  | { readonly kind: 'version_taken' }
  /** (streamId, commandId) exists: this is a replay; here is the first commit. */
  | { readonly kind: 'replayed'; readonly commit: StoredCommit };

/**
 * What an adapter (MongoDB, SQLite) provides. It only stores and reads commit documents, with single-document
 * atomic writes; validation, versioning rules and upcasting live once, in `createEventStore`.
 */
export type EventStorage = {
  readonly name: string;
  /** Inserts the commit; the duplicate-key error never escapes, it becomes an outcome. */
  insertCommit(draft: CommitDraft): Promise<InsertOutcome>;
  findCommitByCommand(streamId: string, commandId: string): Promise<StoredCommit | undefined>;
  /** Highest toVersion of the stream, 0 when none. */
  streamHead(streamId: string): Promise<number>;
  /**
   * The head this process last saw for a stream, without a round trip; undefined when unknown. Never above the real
   * head (heads only grow), so an append may trust it optimistically: the unique (streamId, fromVersion) index
   * refuses the insert when it is stale.
   */
  cachedHead?(streamId: string): number | undefined;
  readStream(streamId: string, fromVersion: number): Promise<StoredCommit[]>;
  /** Commits with position > after, in position order, never skipping one that may still become visible. */
  readAll(after: number, limit: number): Promise<{ commits: StoredCommit[]; checkpoint: number }>;
  close(): Promise<void>;
};

/** Number of outbox shards; fixed for the life of a store (it is written into every commit). */
export const OUTBOX_SHARDS = 16;

/** Stable shard of a stream (FNV-1a): every commit of one stream lands on the same shard. */
export const shardOf = (streamId: string, shards = OUTBOX_SHARDS): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < streamId.length; i++) {
    hash ^= streamId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
};
