import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventRegistry } from '@carebridge/event-schema';
import { OUTBOX_SHARDS, type StoredCommit } from '@carebridge/event-store';
import type { Publisher } from '@carebridge/messaging';
import { commitRecords, inStreamOrder } from './commitRecords';
import type { OutboxStorage } from './outboxStorage';
import { tracePublish } from './publishSpans';
import { createShardLeases } from './shardLeases';

/** Steps of a batch where `at` is called: before the broker sees it, and after its ack but before the mark. */
export type RelayPoint = 'before-publish' | 'before-mark';

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
  readonly at?: (point: RelayPoint, commits: readonly StoredCommit[]) => Promise<void>;
  readonly onPublished?: (commits: readonly StoredCommit[]) => void;
  readonly onError?: (error: unknown) => void;
};

export type OutboxRelay = {
  readonly owner: string;
  /** Starts the polling loop; resolves at once. */
  start(): void;
  /** Finishes the batch in hand, releases every lease. */
  stop(): Promise<void>;
  /** One pass over every shard it can hold; the number of commits dispatched. */
  drainOnce(): Promise<number>;
  heldShards(): number[];
};

/**
 * The outbox relay: reads undispatched commit documents of its leased shards, publishes each stream's events in
 * version order, marks the commits only after the broker's ack. A crash before the mark republishes the batch
 * (consumers absorb the duplicate); a crash before the publish loses nothing, the commit stays undispatched.
 */
export const createOutboxRelay = (options: OutboxRelayOptions): OutboxRelay => {
  const { storage, publisher, registry, source } = options;
  const owner = options.owner ?? `relay-${randomUUID()}`;
  const shards = options.shards ?? OUTBOX_SHARDS;
  const batchSize = options.batchSize ?? 500;
  const pollMs = options.pollIntervalMs ?? 250;
  const leases = createShardLeases({ storage, owner, shards, maxShards: options.maxShards ?? shards, ttlMs: options.leaseTtlMs ?? 10_000 });
  let loop: Promise<void> | undefined;
  let stopping: AbortController | undefined;

  /** One batch over every publishable shard: select by state, publish in stream order, mark after the ack. */
  const drainBatch = async (): Promise<number> => {
    const publishable = leases.publishable();
    if (publishable.length === 0) return 0;
    const batch = inStreamOrder(await storage.pending(publishable, batchSize));
    if (batch.length === 0) return 0;
    const traced = tracePublish(batch, (commit) => commitRecords(commit, registry, source));
    try {
      await options.at?.('before-publish', batch);
      await publisher.send(traced.records);
      traced.end();
    } catch (error) {
      traced.end(error);
      throw error;
    }
    await options.at?.('before-mark', batch);
    await storage.markDispatched(batch.map((c) => c.commitId));
    options.onPublished?.(batch);
    return batch.length;
  };

  const drainOnce = async (): Promise<number> => {
    let dispatched = 0;
    for (;;) {
      await leases.refresh();
      const n = await drainBatch();
      dispatched += n;
      if (n < batchSize || stopping?.signal.aborted) return dispatched;
    }
  };

  const run = async (signal: AbortSignal): Promise<void> => {
    let failures = 0;
    while (!signal.aborted) {
      let dispatched = 0;
      try {
        dispatched = await drainOnce();
        failures = 0;
      } catch (error) {
        failures += 1;
        options.onError?.(error);
      }
      const pause = failures > 0 ? Math.min(10_000, pollMs * 2 ** failures) : dispatched > 0 ? 0 : pollMs;
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
      stopping?.abort();
      await loop;
      loop = undefined;
      await leases.releaseAll();
    },
    drainOnce,
    heldShards: () => leases.held(),
  };
};
