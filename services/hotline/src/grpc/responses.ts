import type { CaseSummary } from '../application/caseSummary';
import type { CaseResult } from '../application/caseApi';
import type { Queries } from '../application/queries';
import { caseStatus, type Child, type OpenCaseState } from '../domain/caseState';
import { stages } from '../domain/vocabulary';

/** Application results → response messages (lowerCamel, as the kit's loader writes them). */
export const caseResponse = (result: CaseResult & { late?: boolean }) => ({
  caseId: result.caseId,
  status: result.status,
  late: Boolean(result.late),
});

export const summaryMessage = (s: CaseSummary) => ({
  caseId: s.id,
  province: s.province,
  prefecture: s.prefecture,
  county: s.county ?? '',
  status: s.status,
  caseType: s.caseType,
  urgency: s.urgency,
  openedAt: s.openedAt,
  overdue: s.overdue,
  breaches: [...s.breaches],
  escalatedTo: [...s.escalatedTo],
});

/** The child as the case holds it; erased fields (key destroyed) read as null and go out empty. */
const childMessage = (child: Child) => ({
  childRef: child.childRef,
  name: child.name ?? '',
  ...(typeof child.age === 'number' ? { age: child.age } : {}),
  birthDate: child.birthDate ?? '',
  idNumber: child.idNumber ?? '',
  locationDivision: child.locationDivision,
  locationDetail: child.locationDetail ?? '',
});

const deadlineMessages = (state: OpenCaseState) =>
  stages.flatMap((stage) => {
    const clock = state.clocks[stage];
    return clock
      ? [{ stage, dueAt: clock.dueAt, metAt: clock.metAt ?? '', breached: clock.breached, owner: clock.owner }]
      : [];
  });

/** Listing fields from the case itself, for the moment between a commit and its listing entry. */
const summaryFromState = (state: OpenCaseState, openedAt: string) => ({
  caseId: state.caseId,
  province: state.scope.province,
  prefecture: state.scope.prefecture,
  county: state.scope.county ?? '',
  status: caseStatus(state),
  caseType: state.caseType,
  urgency: state.urgency,
  openedAt,
  overdue: false,
  breaches: stages.filter((s) => state.clocks[s]?.breached),
  escalatedTo: [...state.escalatedTo],
});

export const getCaseResponse = (read: Awaited<ReturnType<Queries['getCase']>>) => {
  if (read.state.status !== 'exists') throw new Error('getCase returned no case');
  const state = read.state;
  return {
    summary: read.summary ? summaryMessage(read.summary) : summaryFromState(state, read.timeline[0]?.at ?? ''),
    child: childMessage(state.child),
    deadlines: deadlineMessages(state),
    replied: state.replied,
    timeline: read.timeline.map((e) => ({
      version: e.version,
      type: e.type,
      at: e.at,
      by: e.by ?? '',
      dataJson: JSON.stringify(e.data),
    })),
  };
};
