import { levelsDue, nextCheckAt as nextLevelAt, type Deadline } from '@carebridge/deadlines';
import { escalationLadder, type DeadlineLevel, type DeadlineRules } from './deadlines';
import type { Jurisdictions } from './jurisdictions';
import type { CaseEvent, Clock, OpenCaseState } from './caseState';
import { stages, type Tier } from './vocabulary';

const deadlineOf = (state: OpenCaseState, rules: DeadlineRules, clock: Clock): Deadline<DeadlineLevel> => ({
  dueAt: clock.dueAt,
  ladder: escalationLadder(rules, state.urgency, clock),
});

/** A stage's breach is its own; a tier reached is reached for the whole case, whichever stage took it there. */
const reachedBy = (clock: Clock, tiers: Iterable<Tier>): DeadlineLevel[] => [
  ...(clock.breached ? ['breached' as const] : []),
  ...tiers,
];

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
    if (!clock || clock.metAt) continue;
    for (const level of levelsDue(deadlineOf(state, rules, clock), reachedBy(clock, reached), now)) {
      if (level === 'breached') {
        events.push({
          type: 'hotline.DeadlineBreached',
          data: { caseId: state.caseId, stage, owner: clock.owner, dueAt: clock.dueAt, detectedAt: now },
        });
        continue;
      }
      reached.add(level);
      events.push({
        type: 'hotline.CaseEscalated',
        data: {
          caseId: state.caseId,
          to: level,
          division: jurisdictions.divisionAt(state.scope, level)!,
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
    const next = nextLevelAt(deadlineOf(state, rules, clock), reachedBy(clock, state.escalatedTo));
    return next ? [next] : [];
  });
  return times.sort((a, b) => Date.parse(a) - Date.parse(b))[0];
};
