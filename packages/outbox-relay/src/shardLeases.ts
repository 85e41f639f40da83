import type { OutboxStorage } from './outboxStorage';

/**
 * The shards one relay holds. Leases are renewed every third of their time to live, and a shard counts as
 * publishable only while more than a third of its lease is left by our own clock: a relay that stalls past
 * that stops publishing before another relay can take the shard over (clock skew between hosts must stay
 * well under ttl / 3). Each relay holds at most its fair share (shards / live relays, rounded up, capped by
 * maxShards) and gives back what is above it, so a relay that joins gets work and one that leaves or dies has
 * its shards taken over.
 */
export const createShardLeases = (options: {
  storage: OutboxStorage;
  owner: string;
  shards: number;
  maxShards: number;
  ttlMs: number;
  /** Called with shards about to be given back, while they are still held. */
  beforeRelease?: (shards: readonly number[]) => Promise<void>;
}) => {
  const { storage, owner, shards, maxShards, ttlMs } = options;
  const validUntil = new Map<number, number>();
  let refreshedAt = -Infinity;

  const claim = async (shard: number): Promise<void> => {
    const asked = Date.now();
    if (await storage.acquireLease(shard, owner, ttlMs)) validUntil.set(shard, asked + ttlMs);
    else validUntil.delete(shard);
  };
  const giveBack = async (given: readonly number[]): Promise<void> => {
    if (given.length === 0) return;
    await options.beforeRelease?.(given);
    await Promise.all(
      given.map(async (shard) => {
        validUntil.delete(shard);
        await storage.releaseLease(shard, owner);
      }),
    );
  };

  return {
    /**
     * When a third of the ttl has passed: heartbeat, renew held leases, give back what is above the fair share,
     * claim free shards up to it. Called between batches only, so no batch of a released shard is in flight.
     */
    async refresh(force = false): Promise<void> {
      if (!force && Date.now() - refreshedAt < ttlMs / 3) return;
      refreshedAt = Date.now();
      const relays = await storage.heartbeat(owner, ttlMs);
      const share = Math.min(maxShards, Math.ceil(shards / Math.max(1, relays)));
      // One request for the held ones: per-shard claims, even in parallel, took a third of a second on FerretDB.
      const asked = Date.now();
      const renewed = new Set(await storage.renewLeases([...validUntil.keys()], owner, ttlMs));
      for (const shard of [...validUntil.keys()]) {
        if (renewed.has(shard)) validUntil.set(shard, asked + ttlMs);
        else validUntil.delete(shard);
      }
      const surplus = [...validUntil.keys()].sort((a, b) => b - a).slice(0, Math.max(0, validUntil.size - share));
      await giveBack(surplus);
      // The others from a random start, so relays do not all race for shard 0.
      const start = Math.floor(Math.random() * shards);
      const free = Array.from({ length: shards }, (_, i) => (start + i) % shards).filter((s) => !validUntil.has(s));
      // In parallel: on a slow server, one-by-one claims of 16 shards can take longer than a third of the ttl.
      await Promise.all(free.slice(0, Math.max(0, share - validUntil.size)).map(claim));
    },
    /** Shards with enough lease left to publish a batch now. */
    publishable(): number[] {
      const now = Date.now();
      return [...validUntil]
        .filter(([, until]) => until - now > ttlMs / 3)
        .map(([shard]) => shard)
        .sort((a, b) => a - b);
    },
    held: (): number[] => [...validUntil.keys()].sort((a, b) => a - b),
    async releaseAll(): Promise<void> {
      await giveBack([...validUntil.keys()]);
      await storage.leave(owner);
    },
  };
};
