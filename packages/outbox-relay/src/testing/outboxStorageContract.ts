import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { shardOf, type EventStore } from '@carebridge/event-store';
import type { OutboxStorage } from '../outboxStorage';

export type OutboxFixture = {
  /** A store and the outbox over the same storage; `probe` is an event type its registry knows. */
  open(): Promise<{ store: EventStore; outbox: OutboxStorage; probe: { type: string; data: Record<string, unknown> } }>;
  destroy(): Promise<void>;
};

/** What every OutboxStorage adapter must do, with a guard that fails when a case did not run. */
export const outboxStorageContract = (adapter: string, fixture: OutboxFixture): void => {
  describe(`OutboxStorage contract: ${adapter}`, () => {
    let opened: Awaited<ReturnType<OutboxFixture['open']>>;
    const cases: string[] = [];
    const completed = new Set<string>();
    const contractCase = (name: string, body: () => Promise<void>): void => {
      cases.push(name);
      it(name, async () => {
        await body();
        completed.add(name);
      }, 30_000);
    };
    beforeAll(async () => {
      opened = await fixture.open();
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
      await sleep(300);
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
      await sleep(300);
      expect(await outbox.heartbeat(a!, 10_000)).toBe(2);
      await outbox.leave(b!);
      expect(await outbox.heartbeat(a!, 10_000)).toBe(1);
      await outbox.leave(a!);
    });

    contractCase('pending lists undispatched commits by state, in position order, until marked', async () => {
      const { store, outbox, probe } = opened;
      const stream = `outbox-${randomUUID()}`;
      for (let v = 0; v < 3; v++) await store.append(stream, [probe], { expectedVersion: v, commandId: randomUUID() });
      const shard = shardOf(stream);
      const mine = async () => (await outbox.pending([shard, (shard + 1) % 16], 1_000)).filter((c) => c.streamId === stream);
      const pending = await mine();
      expect(pending.map((c) => c.fromVersion)).toEqual([1, 2, 3]);
      expect(pending.every((c) => c.shard === shard && !c.dispatched && c.events.length === 1)).toBe(true);
      const positions = pending.map((c) => c.position);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      await outbox.markDispatched(pending.slice(0, 2).map((c) => c.commitId));
      expect((await mine()).map((c) => c.fromVersion)).toEqual([3]);
      await outbox.markDispatched([pending[2]!.commitId]);
      expect(await mine()).toEqual([]);
      expect(await outbox.pending([], 10)).toEqual([]);
    });

    it('ran every contract case', () => {
      expect([...completed].sort()).toEqual([...cases].sort());
      expect(cases).toHaveLength(6);
    });
  });
};
