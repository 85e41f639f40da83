import { createDeadlineWatcher, dueItems, type DeadlineJob, type DeadlineWatcher } from '@carebridge/deadlines';
import type { CaseCommand } from '../domain/caseCommands';
import { retentionCutoff } from '../domain/retention';
import type { CaseHandler } from './caseHandler';
import type { CaseSummary } from './caseSummary';
import { caseKeySubject, contactKeySubject } from './personalDataAdapter';
import type { HotlineDeps } from './ports';

/**
 * The retention purge of one case: its record key and its contacts' go, so its sealed fields no longer open in
 * the store, on any topic or in any copy, while the child's key and other records stay; hotline.CasePurged then
 * tells read models to drop what they hold. True when it purged the case now.
 */
export const createRetentionPurge = (deps: Pick<HotlineDeps, 'personalData' | 'retention'>, cases: CaseHandler) => {
  return async (caseId: string, now: Date): Promise<boolean> => {
    const { state } = await cases.load(caseId, false);
    if (state.status !== 'exists' || state.purgedAt) return false;
    const command: CaseCommand = {
      type: 'PurgeCase',
      data: {
        now: now.toISOString(),
        retentionMinutes: deps.retention.closedCaseMinutes,
        ruleVersion: deps.retention.ruleVersion,
      },
    };
    // The decider refuses (an open case, a retention still running) before any key is touched.
    cases.decider.decide(command, state);
    // Keys first: a crash before the event leaves the case due, and the next pass destroys (again) and records it.
    await deps.personalData.destroySubjectKey(caseKeySubject(caseId));
    for (const contactId of state.contactIds) await deps.personalData.destroySubjectKey(contactKeySubject(contactId));
    const after = await cases.runAsSystem(caseId, command, `retention-purge:${caseId}:${state.closedAt ?? ''}`);
    return after.status === 'exists' && Boolean(after.purgedAt);
  };
};
export type RetentionPurge = ReturnType<typeof createRetentionPurge>;

/** Closed cases past their retention, found by the indexed closing time, purged one by one. */
export const hotlineRetentionJob = (
  deps: Pick<HotlineDeps, 'retention'>,
  cases: CaseHandler,
  purge: RetentionPurge,
): DeadlineJob<CaseSummary> => ({
  name: 'hotline-retention',
  async *due(now) {
    const filter = { status: 'closed', closedAt: { $gt: '', $lt: retentionCutoff(deps.retention, now) } };
    // A purged case leaves the query: its status becomes purged.
    yield* dueItems((pageToken) =>
      cases.summaries.find(filter, { sort: [['closedAt', 1]], limit: 100, ...(pageToken ? { pageToken } : {}) }),
    );
  },
  act: (summary, now) => purge(summary.id, now),
});

/** The hotline's purge job: one replica at a time under a lease, on the service's (movable) clock. */
export const createRetentionWatcher = (
  deps: Pick<HotlineDeps, 'clock' | 'documents' | 'retention'>,
  cases: CaseHandler,
  purge: RetentionPurge,
): DeadlineWatcher =>
  createDeadlineWatcher(hotlineRetentionJob(deps, cases, purge), { documents: deps.documents, clock: deps.clock });
