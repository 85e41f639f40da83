import {
  createDeadlineWatcher as watch,
  dueItems,
  type DeadlineJob,
  type DeadlineWatcher,
} from '@carebridge/deadlines';
import type { CaseHandler } from './caseHandler';
import type { CaseSummary } from './caseSummary';
import type { HotlineDeps } from './ports';

/** Cases whose deadlines still run. */
const LIVE_STATUSES = ['open', 'assigned', 'accepted'] as const;

/**
 * 限时办理 on the suite's one deadline mechanism (@carebridge/deadlines): cases whose next check has passed get a
 * CheckDeadlines command. Its idempotency key names the case version it looked at, so a pass repeated after a
 * crash or a lost lease decides once.
 */
export const hotlineDeadlineJob = (cases: CaseHandler): DeadlineJob<CaseSummary> => ({
  name: 'hotline-deadlines',
  async *due(now) {
    const before = now.toISOString();
    // One status at a time: each query then leads with an equality on an indexed field, which FerretDB hands to
    // its backend's index; `$in` it would answer by reading every case (ADR 0010).
    // A checked case leaves the query: its next check moves past now.
    for (const status of LIVE_STATUSES)
      yield* dueItems((pageToken) =>
        cases.summaries.find(
          { status, nextCheckAt: { $gt: '', $lt: before } },
          { sort: [['nextCheckAt', 1]], limit: 100, ...(pageToken ? { pageToken } : {}) },
        ),
      );
  },
  async act(summary, now) {
    const before = summary.version;
    const after = await cases.runAsSystem(
      summary.id,
      { type: 'CheckDeadlines', data: { now: now.toISOString() } },
      `deadline-check:${summary.id}:${before}`,
    );
    const latest = await cases.summaries.get(summary.id);
    return after.status === 'exists' && latest !== undefined && latest.version !== before;
  },
});

/** The hotline's watcher: one replica at a time under a lease in the hotline's document store. */
export const createDeadlineWatcher = (
  deps: Pick<HotlineDeps, 'clock' | 'documents'>,
  cases: CaseHandler,
): DeadlineWatcher => watch(hotlineDeadlineJob(cases), { documents: deps.documents, clock: deps.clock });
