import type { CaseHandler } from './caseHandler';
import type { HotlineDeps } from './ports';

export type DeadlineWatcher = {
  /** One pass: every case whose next deadline has passed gets a CheckDeadlines command. Returns how many changed. */
  tick(): Promise<number>;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
};

/**
 * 限时办理 in the background. Time comes only from the injected clock, so tests move it by hand.
 * Each check's idempotency key names the case version it looked at: two watchers racing decide once.
 */
export const createDeadlineWatcher = (deps: Pick<HotlineDeps, 'clock'>, cases: CaseHandler): DeadlineWatcher => {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  /** Cases whose deadlines still run. */
  const LIVE_STATUSES = ['open', 'assigned', 'accepted'] as const;

  const tick = async (): Promise<number> => {
    const now = deps.clock().toISOString();
    let changed = 0;
    // One status at a time: each query then leads with an equality on an indexed field, which FerretDB hands to
    // its backend's index; `$in` it would answer by reading every case (ADR 0010).
    for (const status of LIVE_STATUSES) {
      let pageToken: string | undefined;
      do {
        const page = await cases.summaries.find(
          { status, nextCheckAt: { $gt: '', $lt: now } },
          { sort: [['nextCheckAt', 1]], limit: 100, ...(pageToken ? { pageToken } : {}) },
        );
        for (const summary of page.items) {
          const before = summary.version;
          const after = await cases.runAsSystem(
            summary.id,
            { type: 'CheckDeadlines', data: { now } },
            `deadline-check:${summary.id}:${before}`,
          );
          const latest = await cases.summaries.get(summary.id);
          if (after.status === 'exists' && latest && latest.version !== before) changed += 1;
        }
        pageToken = page.nextPageToken;
      } while (pageToken);
    }
    return changed;
  };

  return {
    tick: () => {
      // Never two passes at once: a slow pass delays the next instead of doubling the work.
      running ??= tick().finally(() => (running = undefined));
      return running;
    },
    start(intervalMs = 30_000) {
      timer ??= setInterval(() => void this.tick().catch(() => undefined), intervalMs);
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
  };
};
