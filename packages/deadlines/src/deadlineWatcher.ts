import { randomUUID } from 'node:crypto';
import type { DocumentStore } from '@carebridge/document-store';
import { createJobLease } from './jobLease';

/** What a programme plugs into the watcher: where its due items are, and how it acts on one. */
export type DeadlineJob<Item> = {
  /** Names the job; its lease and its last run are kept under this name. */
  readonly name: string;
  /**
   * Every item with a check due before `now`: by a query on the next check time, not on "since the last run",
   * so whatever fell due while no watcher ran is found too.
   */
  due(now: Date): AsyncIterable<Item>;
  /**
   * Acts on one item at `now` (the levels due, each once: see levelsDue) through a keyed command, so a pass
   * retried after a crash writes nothing new. True when it changed something.
   */
  act(item: Item, now: Date): Promise<boolean>;
};

export type DeadlineWatcherOptions = {
  /** The service's own document store: the lease lives there. */
  readonly documents: DocumentStore;
  /** The service's clock: a test moves it, and the watcher (lease included) follows. */
  readonly clock: () => Date;
  /** This replica's name (a random one by default). */
  readonly owner?: string;
  /** How long the lease lasts without renewal (default 60 s). */
  readonly leaseTtlMs?: number;
  /** Told about a pass that failed; the next one tries again. */
  readonly onError?: (error: unknown) => void;
};

/** What one pass did: nothing when another replica holds the lease; else since when it caught up and what changed. */
export type PassReport =
  | { readonly ran: false; readonly holder?: string }
  | {
      readonly ran: true;
      /** When the previous pass (of any replica) finished; undefined on a new store. */
      readonly since?: string;
      readonly now: string;
      readonly checked: number;
      readonly changed: number;
    };

export type DeadlineWatcher = {
  /** One pass now (joins a pass already running: never two at once in one process). */
  tick(): Promise<PassReport>;
  /** Passes every `intervalMs`; a failed pass goes to `onError` (the option's by default) and the next tries again. */
  start(intervalMs?: number, onError?: (error: unknown) => void): void;
  /** Stops the timer, waits for the pass in flight, gives the lease up. */
  stop(): Promise<void>;
};

/**
 * Runs a programme's deadline job in the background: on every replica, but passes only where the lease is held,
 * so one replica acts at a time; another takes over when it stops or its lease runs out.
 */
export const createDeadlineWatcher = <Item>(
  job: DeadlineJob<Item>,
  options: DeadlineWatcherOptions,
): DeadlineWatcher => {
  const lease = createJobLease({
    documents: options.documents,
    name: job.name,
    owner: options.owner ?? `${job.name}-${randomUUID()}`,
    ttlMs: options.leaseTtlMs ?? 60_000,
    clock: options.clock,
  });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<PassReport> | undefined;

  const pass = async (): Promise<PassReport> => {
    const taken = await lease.acquire();
    if (!taken.held) return { ran: false, ...(taken.holder ? { holder: taken.holder } : {}) };
    const now = options.clock();
    let checked = 0;
    let changed = 0;
    for await (const item of job.due(now)) {
      // A pass longer than the lease stops where another replica could have taken over; the next pass goes on.
      if (!(await lease.stillHeld())) return { ran: false };
      checked += 1;
      if (await job.act(item, now)) changed += 1;
    }
    await lease.finished(now.toISOString());
    return {
      ran: true,
      ...(taken.lastRunAt ? { since: taken.lastRunAt } : {}),
      now: now.toISOString(),
      checked,
      changed,
    };
  };

  return {
    tick() {
      running ??= pass().finally(() => (running = undefined));
      return running;
    },
    start(intervalMs = 30_000, onError = options.onError) {
      timer ??= setInterval(() => void this.tick().catch((error: unknown) => onError?.(error)), intervalMs);
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
      await lease.release();
    },
  };
};
