import { escalationLadder, isAfter, type DeadlineRules } from './deadlines';
import type { Jurisdictions } from './jurisdictions';
import type { CaseEvent, OpenCaseState } from './caseState';
import { stages, type Tier } from './vocabulary';

/**
 * 限时办理: every stage still open past its deadline is breached once; the case then climbs the ladder
 * county → prefecture → province, each level exactly once in the case's life.
 */
export const checkDeadlines = (
  state: OpenCaseState,
  now: string,
  rules: DeadlineRules,
  jurisdictions: Jurisdictions,
): CaseEvent[] => {
  if (state.closed) return [];
  const events: CaseEvent[] = [];
  const reached = new Set<Tier>(state.escalatedTo);
  for (const stage of stages) {
    const clock = state.clocks[stage];
    if (!clock || clock.metAt || !isAfter(now, clock.dueAt)) continue;
    if (!clock.breached) {
      events.push({
        type: 'hotline.DeadlineBreached',
        data: { caseId: state.caseId, stage, owner: clock.owner, dueAt: clock.dueAt, detectedAt: now },
      });
    }
    for (const rung of escalationLadder(rules, state.urgency, clock)) {
      if (reached.has(rung.to) || !isAfter(now, rung.at)) continue;
      reached.add(rung.to);
      events.push({
        type: 'hotline.CaseEscalated',
        data: {
          caseId: state.caseId,
          to: rung.to,
          division: jurisdictions.divisionAt(state.scope, rung.to)!,
          stage,
          at: now,
        },
      });
    }
  }
  return events;
};

/** When the watcher next needs to look at this case; undefined when nothing is pending. */
export const nextCheckAt = (state: OpenCaseState, rules: DeadlineRules): string | undefined => {
  if (state.closed) return undefined;
  const times = stages.flatMap((stage) => {
    const clock = state.clocks[stage];
    if (!clock || clock.metAt) return [];
    const pending = escalationLadder(rules, state.urgency, clock)
      .filter((r) => !state.escalatedTo.includes(r.to))
      .map((r) => r.at);
    return clock.breached ? pending : [clock.dueAt, ...pending];
  });
  return times.sort((a, b) => Date.parse(a) - Date.parse(b))[0];
};
