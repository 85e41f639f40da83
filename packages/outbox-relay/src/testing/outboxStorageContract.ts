import { randomUUID } from 'node:crypto';
import { shardOf, type EventStore } from '@carebridge/event-store';
import type { OutboxStorage } from '../outboxStorage';

export type OutboxFixture = {
  /**
   * A store and the outbox over the same storage; `probe` is an event type its registry knows. The outbox takes
   * its time from `clock`, which the contract moves by hand to let leases and heartbeats expire.
   */
  open(
    clock: () => Date,
  ): Promise<{ store: EventStore; outbox: OutboxStorage; probe: { type: string; data: Record<string, unknown> } }>;
  destroy(): Promise<void>;
};

/** What every OutboxStorage adapter must do, with a guard that fails when a case did not run. */
export const outboxStorageContract = (adapter: string, fixture: OutboxFixture): void => {
  describe(`OutboxStorage contract: ${adapter}`, () => {
    let opened: Awaited<ReturnType<OutboxFixture['open']>>;
    let now = Date.parse('2026-01-01T00:00:00Z');
    const clock = (): Date => new Date(now);
    const pass = (ms: number): void => void (now += ms);
    const cases: string[] = [];
    const completed = new Set<string>();
    const contractCase = (name: string, body: () => Promise<void>): void => {
      cases.push(name);
      it(
        name,
        async () => {
          await body();
          completed.add(name);
        },
        30_000,
      );
    };
    beforeAll(async () => {
      opened = await fixture.open(clock);
    }, 60_000);
    afterAll(() => fixture.destroy(), 60_000);

    contractCase('one owner holds a shard; the owner renews it', async () => {
      const { outbox } = opened;
      expect(await outbox.acquireLease(1, 'a', 10_000)).toBe(true);
      expect(await outbox.acquireLease(1, 'b', 10_000)).toBe(false);
      expect(await outbox.acquireLease(1, 'a', 10_000)).toBe(true);
      expect(await outbox.acquireLease(2, 'b', 10_000)).toBe(true);
    });

    contractCase('an expired lease is taken over, and its former owner is refused', async () => {
      const { outbox } = opened;
      expect(await outbox.acquireLease(3, 'a', 150)).toBe(true);
      pass(300);
      expect(await outbox.acquireLease(3, 'b', 10_000)).toBe(true);
      expect(await outbox.acquireLease(3, 'a', 10_000)).toBe(false);
    });

    contractCase('release frees the shard at once, but only for its owner', async () => {
      const { outbox } = opened;
      expect(await outbox.acquireLease(4, 'a', 10_000)).toBe(true);
      await outbox.releaseLease(4, 'b');
      expect(await outbox.acquireLease(4, 'b', 10_000)).toBe(false);
      await outbox.releaseLease(4, 'a');
      expect(await outbox.acquireLease(4, 'b', 10_000)).toBe(true);
    });

    contractCase('renews, in one call, only the leases its owner still holds', async () => {
      const { outbox } = opened;
      expect(await outbox.acquireLease(10, 'a', 10_000)).toBe(true);
      expect(await outbox.acquireLease(11, 'a', 150)).toBe(true);
      expect(await outbox.acquireLease(12, 'b', 10_000)).toBe(true);
      pass(300);
      expect(await outbox.acquireLease(11, 'b', 10_000)).toBe(true);
      expect(await outbox.renewLeases([10, 11, 12, 13], 'a', 10_000)).toEqual([10]);
      expect(await outbox.renewLeases([], 'a', 10_000)).toEqual([]);
      // Renewed, so still refused to others.
      expect(await outbox.acquireLease(10, 'b', 10_000)).toBe(false);
    });

    contractCase('of owners racing for a free shard exactly one wins', async () => {
      const { outbox } = opened;
      const wins = await Promise.all(Array.from({ length: 8 }, (_, i) => outbox.acquireLease(5, `racer-${i}`, 10_000)));
      expect(wins.filter(Boolean)).toHaveLength(1);
    });

    contractCase('counts the live relays by heartbeat: one that left or stopped beating is not counted', async () => {
      const { outbox } = opened;
      const [a, b, c] = ['relay-a', 'relay-b', 'relay-c'].map((name) => `${name}-${randomUUID()}`);
      expect(await outbox.heartbeat(a!, 10_000)).toBe(1);
      expect(await outbox.heartbeat(b!, 10_000)).toBe(2);
      expect(await outbox.heartbeat(a!, 10_000)).toBe(2);
      expect(await outbox.heartbeat(c!, 150)).toBe(3);
      pass(300);
      expect(await outbox.heartbeat(a!, 10_000)).toBe(2);
      await outbox.leave(b!);
      expect(await outbox.heartbeat(a!, 10_000)).toBe(1);
      await outbox.leave(a!);
    });

    contractCase('checkpoints start at 0 on a new store and only move forward, shard by shard', async () => {
      const { outbox } = opened;
      expect(await outbox.checkpoints([7, 8])).toEqual(
        new Map([
          [7, 0],
          [8, 0],
        ]),
      );
      await outbox.saveCheckpoints(
        new Map([
          [7, 5],
          [8, 9],
        ]),
      );
      await outbox.saveCheckpoints(
        new Map([
          [7, 3],
          [8, 12],
        ]),
      );
      expect(await outbox.checkpoints([7, 8, 9])).toEqual(
        new Map([
          [7, 5],
          [8, 12],
          [9, 0],
        ]),
      );
      expect(await outbox.checkpoints([])).toEqual(new Map());
    });

    contractCase('reads the log after a position, in position order, in pages, and says how far it read', async () => {
      const { store, outbox, probe } = opened;
      const { checkpoint: start } = await outbox.readAfter(0, 1_000_000);
      const stream = `outbox-${randomUUID()}`;
      for (let v = 0; v < 3; v++) await store.append(stream, [probe], { expectedVersion: v, commandId: randomUUID() });

      const read = await outbox.readAfter(start, 1_000);
      expect(read.commits.map((c) => [c.streamId, c.fromVersion, c.shard, c.events.length])).toEqual(
        [1, 2, 3].map((v) => [stream, v, shardOf(stream), 1]),
      );
      const positions = read.commits.map((c) => c.position);
      expect(positions[0]).toBeGreaterThan(start);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(new Set(positions).size).toBe(3);
      expect(read.checkpoint).toBe(positions[2]);

      const page = await outbox.readAfter(start, 2);
      expect(page.commits.map((c) => c.position)).toEqual(positions.slice(0, 2));
      expect(page.checkpoint).toBe(positions[1]);
      expect((await outbox.readAfter(page.checkpoint, 10)).commits.map((c) => c.position)).toEqual([positions[2]]);
      expect(await outbox.readAfter(read.checkpoint, 10)).toEqual({ commits: [], checkpoint: read.checkpoint });
    });

    it('ran every contract case', () => {
      expect([...completed].sort()).toEqual([...cases].sort());
      expect(cases).toHaveLength(8);
    });
  });
};
