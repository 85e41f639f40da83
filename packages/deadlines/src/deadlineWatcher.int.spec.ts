import { setTimeout as sleep } from 'node:timers/promises';
import type { DocumentStore } from '@carebridge/document-store';
import { createMongoDocumentStore } from '@carebridge/document-store-mongodb';
import { openTestDatabase, type TestDatabase } from '@carebridge/test-engines';
import { createDeadlineWatcher, type DeadlineJob, type PassReport } from './deadlineWatcher';
import { levelsDue, nextCheckAt, type Deadline } from './escalation';
import { plusMinutes } from './rules';

type Level = 'breach' | 'prefecture' | 'province';
type Item = { id: string; dueAt: string; reached: Level[]; nextCheckAt: string };
type Escalation = { id: string; item: string; level: Level; by: string };

const T0 = '2026-03-01T08:00:00.000Z';
const ladderOf = (dueAt: string): Deadline<Level> => ({
  dueAt,
  ladder: [
    { level: 'breach', afterMinutes: 0 },
    { level: 'prefecture', afterMinutes: 0 },
    { level: 'province', afterMinutes: 60 },
  ],
});
const movableClock = () => {
  let now = Date.parse(T0);
  return { now: () => new Date(now), advanceMinutes: (m: number) => void (now += m * 60_000) };
};

/**
 * A programme's job as the watcher sees it, deliberately without idempotency: each escalation is a new record
 * and there is a pause between reading an item and writing it back. Only the lease keeps two watchers from
 * escalating the same level twice.
 */
const testJob = (documents: DocumentStore, name: string, by: string): DeadlineJob<Item> => {
  const items = documents.collection<Item>('watched', { indexes: ['nextCheckAt'] });
  const escalations = documents.collection<Escalation>('escalations');
  return {
    name,
    async *due(now) {
      const page = await items.find(
        { nextCheckAt: { $gt: '', $lt: now.toISOString() } },
        { sort: [['nextCheckAt', 1]], limit: 500 },
      );
      yield* page.items;
    },
    async act(item, now) {
      const levels = levelsDue(ladderOf(item.dueAt), item.reached, now.toISOString());
      await sleep(20);
      for (const level of levels)
        await escalations.put({ id: `${item.id}-${level}-${Math.random()}`, item: item.id, level, by });
      const reached = [...item.reached, ...levels];
      await items.put({ ...item, reached, nextCheckAt: nextCheckAt(ladderOf(item.dueAt), reached) ?? '' });
      return levels.length > 0;
    },
  };
};

describe('deadline watcher on a real MongoDB-wire store', () => {
  let database: TestDatabase;
  let documents: DocumentStore;

  beforeEach(async () => {
    database = await openTestDatabase('deadlines');
    documents = await createMongoDocumentStore({ db: database.db });
    // Twelve items due 10, 20 ... 120 minutes after T0.
    const items = documents.collection<Item>('watched', { indexes: ['nextCheckAt'] });
    for (let i = 1; i <= 12; i++) {
      const dueAt = plusMinutes(T0, i * 10);
      await items.put({ id: `item-${i}`, dueAt, reached: [], nextCheckAt: dueAt });
    }
  });
  afterEach(() => database.dispose());

  const escalations = async () =>
    (await documents.collection<Escalation>('escalations').find({}, { limit: 500 })).items;
  /** What should have happened by `minutes` after T0, counted from the rules, not from the watcher. */
  const expectedBy = (minutes: number): string[] =>
    Array.from({ length: 12 }, (_, i) => i + 1).flatMap((i) =>
      ladderOf(plusMinutes(T0, i * 10))
        .ladder.filter((r) => i * 10 + r.afterMinutes < minutes)
        .map((r) => `item-${i}:${r.level}`),
    );
  const seen = async (): Promise<string[]> => (await escalations()).map((e) => `${e.item}:${e.level}`).sort();

  test('two watchers on one store: one pass at a time under the lease, each level escalated once', async () => {
    const clock = movableClock();
    const a = createDeadlineWatcher(testJob(documents, 'test-deadlines', 'a'), {
      documents,
      clock: clock.now,
      owner: 'a',
    });
    const b = createDeadlineWatcher(testJob(documents, 'test-deadlines', 'b'), {
      documents,
      clock: clock.now,
      owner: 'b',
    });
    let elapsed = 0;
    for (const step of [5, 10, 1, 30, 25, 60, 60, 1, 0, 120]) {
      clock.advanceMinutes(step);
      elapsed += step;
      const reports: PassReport[] = await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
      // tick joins a pass running in its own process, so at most two passes; the lease lets exactly one run.
      expect(new Set(reports.filter((r) => r.ran))).toHaveProperty('size', 1);
      expect(reports.filter((r) => !r.ran).map((r) => !r.ran && r.holder)).not.toContain(undefined);
      expect(await seen()).toEqual(expectedBy(elapsed).sort());
    }
    await Promise.all([a.stop(), b.stop()]);
  });

  test('control: without a shared lease the same job escalates levels twice', async () => {
    const clock = movableClock();
    const a = createDeadlineWatcher(testJob(documents, 'lease-a', 'a'), { documents, clock: clock.now });
    const b = createDeadlineWatcher(testJob(documents, 'lease-b', 'b'), { documents, clock: clock.now });
    clock.advanceMinutes(200);
    await Promise.all([a.tick(), b.tick()]);
    const all = await seen();
    expect(all.length).toBeGreaterThan(new Set(all).size);
    await Promise.all([a.stop(), b.stop()]);
  });

  test('catch-up: after a stop and three hours with no watcher, the next pass escalates every missed level once', async () => {
    const clock = movableClock();
    const first = createDeadlineWatcher(testJob(documents, 'test-deadlines', 'first'), { documents, clock: clock.now });
    clock.advanceMinutes(15);
    const before = await first.tick();
    expect(before).toMatchObject({ ran: true, changed: 1 });
    expect(await seen()).toEqual(expectedBy(15).sort());
    await first.stop();

    clock.advanceMinutes(180);
    const next = createDeadlineWatcher(testJob(documents, 'test-deadlines', 'next'), { documents, clock: clock.now });
    const caughtUp = await next.tick();
    expect(caughtUp).toEqual({
      ran: true,
      since: plusMinutes(T0, 15),
      now: plusMinutes(T0, 195),
      checked: 12,
      changed: 12,
    });
    expect(await seen()).toEqual(expectedBy(195).sort());
    expect(await next.tick()).toMatchObject({ ran: true, checked: 0, changed: 0 });
    await next.stop();
  });

  test('a replica that dies holding the lease is taken over once the lease has run out by the clock', async () => {
    const clock = movableClock();
    const dying = createDeadlineWatcher(testJob(documents, 'test-deadlines', 'dying'), {
      documents,
      clock: clock.now,
      owner: 'dying',
      leaseTtlMs: 60_000,
    });
    const other = createDeadlineWatcher(testJob(documents, 'test-deadlines', 'other'), {
      documents,
      clock: clock.now,
      owner: 'other',
      leaseTtlMs: 60_000,
    });
    expect(await dying.tick()).toMatchObject({ ran: true });
    // It never stops (no release): the other waits out the lease.
    expect(await other.tick()).toEqual({ ran: false, holder: 'dying' });
    clock.advanceMinutes(0.5);
    expect(await other.tick()).toEqual({ ran: false, holder: 'dying' });
    clock.advanceMinutes(0.6);
    expect(await other.tick()).toMatchObject({ ran: true, since: T0 });
    expect(await dying.tick()).toEqual({ ran: false, holder: 'other' });
    await other.stop();
  });
});
