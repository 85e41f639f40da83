import { randomUUID } from 'node:crypto';
import type { EventRegistry } from '@carebridge/event-schema';
import type { Commit, EventStore } from '../types';

/** What an adapter hands to the contract suite: stores over ONE shared storage, and its teardown. */
export type EventStoreFixture = {
  /** A store over the fixture's storage; every call must see the same data (the suite opens several). */
  create(registry: EventRegistry): Promise<EventStore>;
  destroy(): Promise<void>;
};

/** Counts cases as they are registered and as they finish, so a vanished case fails the guard. */
export type CaseTally = {
  readonly registered: string[];
  readonly completed: Set<string>;
};

export type ContractContext = {
  /** Registers one contract case (a jest test) and records its completion. */
  readonly test: (name: string, body: () => Promise<void>, timeoutMs?: number) => void;
  /** Opens a store on the fixture (closed after the suite). */
  readonly open: (registry?: EventRegistry) => Promise<EventStore>;
};

export const createTally = (): CaseTally => ({ registered: [], completed: new Set() });

export const registerCase = (tally: CaseTally, name: string, body: () => Promise<void>, timeoutMs?: number): void => {
  if (tally.registered.includes(name)) throw new Error(`contract case registered twice: ${name}`);
  tally.registered.push(name);
  it(
    name,
    async () => {
      await body();
      tally.completed.add(name);
    },
    // Real servers on a shared machine: generous, so a slow run fails on its assertions, not on the clock.
    timeoutMs ?? 60_000,
  );
};

export const newStreamId = (prefix = 'probe'): string => `${prefix}-${randomUUID().slice(0, 12)}`;
export const newCommandId = (): string => randomUUID();

/** Reads the whole log after `after`, page by page, until nothing new is visible. */
export const readAllFrom = async (
  store: EventStore,
  after: number,
  pageSize = 500,
): Promise<{ commits: Commit[]; checkpoint: number; pages: number }> => {
  const commits: Commit[] = [];
  let checkpoint = after;
  let pages = 0;
  for (;;) {
    const page = await store.readAll({ after: checkpoint, limit: pageSize });
    pages += 1;
    if (page.commits.length === 0 && page.checkpoint === checkpoint) return { commits, checkpoint, pages };
    commits.push(...page.commits);
    checkpoint = page.checkpoint;
  }
};

/** The checkpoint at the end of the log right now. */
export const endOfLog = async (store: EventStore): Promise<number> => (await readAllFrom(store, 0)).checkpoint;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a promise and returns what it threw (fails when it resolves). */
export const rejectionOf = async (work: Promise<unknown>): Promise<unknown> => {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the call resolved');
};
