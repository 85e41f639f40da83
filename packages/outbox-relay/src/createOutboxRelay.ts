import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventRegistry } from '@carebridge/event-schema';
import { OUTBOX_SHARDS, type StoredCommit } from '@carebridge/event-store';
import type { Publisher } from '@carebridge/messaging';
import { commitRecords, inStreamOrder } from './commitRecords';
import type { OutboxStorage } from './outboxStorage';
import { tracePublish } from './publishSpans';
import { createShardLeases } from './shardLeases';

/** Where `at` is called: before the broker sees a batch, and after its ack but before the checkpoints move. */
export type RelayPoint = 'before-publish' | 'before-checkpoint';

export type OutboxRelayOptions = {
  readonly storage: OutboxStorage;
  readonly publisher: Publisher;
  readonly registry: EventRegistry;
  /** The emitting service; becomes ce_source. */
  readonly source: string;
  /** Lease owner id; unique per process (a restart is a new owner). */
  readonly owner?: string;
  readonly shards?: number;
  /** Most shards this relay holds at once; by default its fair share among the live relays. */
  readonly maxShards?: number;
  readonly leaseTtlMs?: number;
  readonly batchSize?: number;
  readonly pollIntervalMs?: number;
  /**
   * How often checkpoints are written while the relay is behind; also when it catches up, and before a shard is
   * given back. A crash republishes what was acknowledged since the last write; consumers absorb duplicates.
   */
  readonly checkpointIntervalMs?: number;
  /** `commits`: for 'before-publish' the batch, for 'before-checkpoint' what was published since the last write. */
  readonly at?: (point: RelayPoint, commits: readonly StoredCommit[]) => Promise<void>;
  readonly onPublished?: (commits: readonly StoredCommit[]) => void;
  readonly onError?: (error: unknown) => void;
};

export type OutboxRelay = {
  readonly owner: string;
  /** Starts the polling loop; resolves at once. */
  start(): void;
  /** Finishes the batch in hand, publishes one more batch, writes the checkpoints and releases every lease. */
  stop(): Promise<void>;
  /** One pass over every shard it can hold, until caught up; the number of commits published. */
  drainOnce(): Promise<number>;
  heldShards(): number[];
};

/**
 * The outbox relay: reads the log in position order from the lowest checkpoint of its leased shards, publishes
 * their commits (each stream's in version order), and moves the checkpoints after the broker's ack. A crash
 * before the publish loses nothing (the checkpoint has not moved); a crash after it republishes (consumers
 * absorb the duplicate). No per-commit write: the store's commit documents are never updated.
 */
export const createOutboxRelay = (options: OutboxRelayOptions): OutboxRelay => {
  const { storage, publisher, registry, source } = options;
  const owner = options.owner ?? `relay-${randomUUID()}`;
  const shards = options.shards ?? OUTBOX_SHARDS;
  const batchSize = options.batchSize ?? 500;
  const pollMs = options.pollIntervalMs ?? 250;
  const checkpointEveryMs = options.checkpointIntervalMs ?? 1000;
  /** Held shards' checkpoints as far as published (ahead of `saved` until the next write). */
  const published = new Map<number, number>();
  const saved = new Map<number, number>();
  let unsaved: StoredCommit[] = [];
  let savedAt = Date.now();
  let loop: Promise<void> | undefined;
  let stopping: AbortController | undefined;

  /** Writes the checkpoints that moved, of these shards (all held ones by default). */
  const saveCheckpoints = async (of: readonly number[] = [...published.keys()]): Promise<void> => {
    const moved = new Map(
      of.flatMap((shard) => {
        const position = published.get(shard);
        return position !== undefined && position > (saved.get(shard) ?? -1) ? [[shard, position] as const] : [];
      }),
    );
    if (moved.size === 0) return;
    await options.at?.('before-checkpoint', unsaved);
    await storage.saveCheckpoints(moved);
    for (const [shard, position] of moved) saved.set(shard, position);
    if (of.length === published.size) unsaved = [];
    savedAt = Date.now();
  };

  const leases = createShardLeases({
    storage,
    owner,
    shards,
    maxShards: options.maxShards ?? shards,
    ttlMs: options.leaseTtlMs ?? 10_000,
    // The next holder starts from the stored checkpoint: it must include everything this relay published.
    beforeRelease: async (given) => {
      await saveCheckpoints(given);
      for (const shard of given) {
        published.delete(shard);
        saved.delete(shard);
      }
    },
  });

  /** Loads the checkpoints of newly held shards and forgets those no longer held (their lease was lost). */
  const trackShards = async (held: readonly number[]): Promise<void> => {
    for (const shard of [...published.keys()]) {
      if (!held.includes(shard)) {
        published.delete(shard);
        saved.delete(shard);
      }
    }
    const fresh = held.filter((shard) => !published.has(shard));
    if (fresh.length === 0) return;
    const stored = await storage.checkpoints(fresh);
    for (const shard of fresh) {
      published.set(shard, stored.get(shard) ?? 0);
      saved.set(shard, stored.get(shard) ?? 0);
    }
  };

  /**
   * One batch: read after the lowest checkpoint of the publishable shards, publish what is theirs and above their
   * own checkpoint, then move all of them to where the read ended. Returns how many commits were read and published.
   */
  const drainBatch = async (): Promise<{ read: number; published: number }> => {
    await trackShards(leases.held());
    const publishable = leases.publishable();
    if (publishable.length === 0) return { read: 0, published: 0 };
    const from = Math.min(...publishable.map((shard) => published.get(shard)!));
    const { commits, checkpoint } = await storage.readAfter(from, batchSize);
    const open = new Set(publishable);
    const batch = inStreamOrder(commits.filter((c) => open.has(c.shard) && c.position > published.get(c.shard)!));
    if (batch.length > 0) {
      const traced = tracePublish(batch, (commit) => commitRecords(commit, registry, source));
      try {
        await options.at?.('before-publish', batch);
        await publisher.send(traced.records);
        traced.end();
      } catch (error) {
        traced.end(error);
        throw error;
      }
      unsaved.push(...batch);
      options.onPublished?.(batch);
    }
    for (const shard of publishable) published.set(shard, Math.max(published.get(shard)!, checkpoint));
    const caughtUp = commits.length < batchSize;
    if (caughtUp || Date.now() - savedAt >= checkpointEveryMs) await saveCheckpoints();
    return { read: commits.length, published: batch.length };
  };

  const drainOnce = async (): Promise<number> => {
    let sent = 0;
    for (;;) {
      await leases.refresh();
      const { read, published: n } = await drainBatch();
      sent += n;
      if (read < batchSize || stopping?.signal.aborted) return sent;
    }
  };

  const run = async (signal: AbortSignal): Promise<void> => {
    let failures = 0;
    while (!signal.aborted) {
      let sent = 0;
      try {
        sent = await drainOnce();
        failures = 0;
      } catch (error) {
        failures += 1;
        options.onError?.(error);
      }
      const pause = failures > 0 ? Math.min(10_000, pollMs * 2 ** failures) : sent > 0 ? 0 : pollMs;
      await sleep(pause, undefined, { signal }).catch(() => undefined);
    }
  };

  return {
    owner,
    start() {
      if (loop) return;
      stopping = new AbortController();
      loop = run(stopping.signal);
    },
    async stop() {
      stopping ??= new AbortController();
      stopping.abort();
      await loop;
      loop = undefined;
      // One last batch while the leases are still held, so what the last calls wrote goes out now rather than
      // after a restart (drainOnce stops after one batch once stopping). Releasing writes every moved checkpoint.
      await drainOnce().catch((error: unknown) => options.onError?.(error));
      await leases.releaseAll();
    },
    drainOnce,
    heldShards: () => leases.held(),
  };
};
