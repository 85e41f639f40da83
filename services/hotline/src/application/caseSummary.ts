import { caseStatus, type OpenCaseState } from '../domain/caseState';
import { nextCheckAt } from '../domain/deadlineWatch';
import { isAfter, type DeadlineRules } from '../domain/deadlines';
import { stages, type CaseType, type Stage, type Tier, type Urgency } from '../domain/vocabulary';

export type CaseStatus = 'open' | 'assigned' | 'accepted' | 'closed' | 'purged';

/**
 * The listing read model. Only non-personal fields: it must stay harmless after a child's key is destroyed,
 * so it holds no name, ID, narrative or note, sealed or clear.
 */
export type CaseSummary = {
  readonly id: string;
  /** The child's person reference (a pseudonym, as referrals carry it): a person's data export finds cases by it. */
  readonly personRef: string;
  readonly province: string;
  readonly prefecture: string;
  readonly county?: string;
  readonly status: CaseStatus;
  readonly caseType: CaseType;
  readonly urgency: Urgency;
  readonly openedAt: string;
  readonly version: number;
  readonly breaches: readonly Stage[];
  readonly escalatedTo: readonly Tier[];
  /** A stage is past its deadline and still not done. */
  readonly overdue: boolean;
  /** When the deadline watcher must look again ('' when nothing is pending, so range queries skip it). */
  readonly nextCheckAt: string;
  readonly referralIds: readonly string[];
  /** When it was closed ('' while open), so the retention purge finds closed cases by an indexed range. */
  readonly closedAt: string;
};

export const caseSummary = (
  state: OpenCaseState,
  version: number,
  openedAt: string,
  rules: DeadlineRules,
  now: string,
): CaseSummary => {
  const pending = stages.filter((s) => {
    const clock = state.clocks[s];
    return clock && !clock.metAt && !state.closed;
  });
  return {
    id: state.caseId,
    // A purged case no longer links the person to it (a data export does not find it).
    personRef: state.purgedAt ? '' : state.child.childRef,
    province: state.scope.province,
    prefecture: state.scope.prefecture,
    ...(state.scope.county ? { county: state.scope.county } : {}),
    status: caseStatus(state),
    caseType: state.caseType,
    urgency: state.urgency,
    openedAt,
    version,
    breaches: stages.filter((s) => state.clocks[s]?.breached),
    escalatedTo: state.escalatedTo,
    overdue: pending.some((s) => state.clocks[s]!.breached || isAfter(now, state.clocks[s]!.dueAt)),
    nextCheckAt: nextCheckAt(state, rules) ?? '',
    referralIds: Object.keys(state.referrals),
    closedAt: state.closed ? (state.closedAt ?? '') : '',
  };
};
