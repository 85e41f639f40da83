import { covers } from '../availability';
import type { CommunityDirectory } from '../communities';
import { capacityProblem, isLive } from '../ledger';
import { localDay, localWeek, type Span } from '../time';
import type { Candidate, CandidateIndex } from './candidateIndex';
import { exclusionRules, type ExclusionRule, type Tier } from './rules';

export type DispatchRequest = {
  readonly orderId: string;
  readonly community: string;
  readonly span: Span;
  readonly minutes: number;
  readonly requiredSkills: readonly string[];
  /** Volunteer ids automatic dispatch must not ask again for this order. */
  readonly passedOver: ReadonlySet<string>;
  readonly now: number;
};

export type RankedCandidate = {
  readonly volunteerId: string;
  readonly rank: number;
  readonly tier: Tier;
  readonly minutesThisWeek: number;
  readonly lastAssignedAt: number | undefined;
  /** One line per rule, so a dispatcher can see why this person is here and in this place. */
  readonly reasons: readonly string[];
};

export type RuledOut = { readonly volunteerId: string; readonly tier: Tier; readonly rule: ExclusionRule };

export type DispatchDecision = {
  readonly considered: number;
  readonly ranked: readonly RankedCandidate[];
  readonly ruledOut: readonly RuledOut[];
  readonly ruledOutCounts: readonly { readonly rule: ExclusionRule; readonly count: number }[];
};

/** FNV-1a of order and volunteer: a stable, order-specific shuffle among complete ties (rotation). */
const tieBreak = (orderId: string, volunteerId: string): number => {
  let hash = 0x811c9dc5;
  const text = `${orderId}/${volunteerId}`;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
};

const firstFailedRule = (c: Candidate, request: DispatchRequest): ExclusionRule | undefined => {
  if (!c.active) return 'active';
  if (request.passedOver.has(c.volunteerId)) return 'passed_over';
  if (!request.requiredSkills.every((s) => c.skills.has(s))) return 'skills';
  if (!covers(c.calendar, request.span)) return 'availability';
  return capacityProblem(
    c.ledger,
    c.caps,
    { orderId: request.orderId, span: request.span, minutes: request.minutes },
    request.now,
  );
};

const minutesInWeek = (c: Candidate, week: string, now: number): number => {
  let total = 0;
  for (const credit of c.ledger.credited.values())
    if (localWeek(Date.parse(`${credit.day}T12:00:00+08:00`)) === week) total += credit.minutes;
  for (const h of c.ledger.holdings.values())
    if (isLive(h, now) && localWeek(h.span.start) === week) total += h.minutes;
  return total;
};

/**
 * Dispatch (派单) as a pure function: who can take this order, best first, and why; who cannot, and which rule
 * said no. Same community first, then neighbouring communities; among equals the fairest choice.
 */
export const rankCandidates = (
  request: DispatchRequest,
  index: CandidateIndex,
  directory: CommunityDirectory,
): DispatchDecision => {
  const seen = new Set<string>();
  const pool: { candidate: Candidate; tier: Tier }[] = [];
  const gather = (code: string, tier: Tier) => {
    for (const candidate of index.servingCommunity(code)) {
      if (seen.has(candidate.volunteerId)) continue;
      seen.add(candidate.volunteerId);
      pool.push({ candidate, tier });
    }
  };
  gather(request.community, 'same_community');
  for (const neighbour of directory.neighboursOf(request.community)) gather(neighbour, 'neighbour');

  const week = localWeek(request.span.start);
  const day = localDay(request.span.start);
  const ruledOut: RuledOut[] = [];
  const eligible: Omit<RankedCandidate, 'rank' | 'reasons'>[] = [];
  for (const { candidate, tier } of pool) {
    const rule = firstFailedRule(candidate, request);
    if (rule) ruledOut.push({ volunteerId: candidate.volunteerId, tier, rule });
    else
      eligible.push({
        volunteerId: candidate.volunteerId,
        tier,
        minutesThisWeek: minutesInWeek(candidate, week, request.now),
        lastAssignedAt: candidate.ledger.lastAssignedAt,
      });
  }

  eligible.sort(
    (a, b) =>
      (a.tier === b.tier ? 0 : a.tier === 'same_community' ? -1 : 1) ||
      a.minutesThisWeek - b.minutesThisWeek ||
      (a.lastAssignedAt ?? -Infinity) - (b.lastAssignedAt ?? -Infinity) ||
      tieBreak(request.orderId, a.volunteerId) - tieBreak(request.orderId, b.volunteerId),
  );

  const ranked = eligible.map((e, rank): RankedCandidate => {
    const c = index.get(e.volunteerId)!;
    const live = [...c.ledger.holdings.values()].filter((h) => isLive(h, request.now)).length;
    return {
      ...e,
      rank,
      reasons: [
        e.tier === 'same_community'
          ? `community: serves ${request.community}`
          : `community: serves a neighbour of ${request.community}`,
        request.requiredSkills.length ? `skills: has ${request.requiredSkills.join(', ')}` : 'skills: none required',
        'availability: weekly availability covers the window',
        `load: ${live}/${c.caps.maxConcurrentTasks} tasks, daily cap ${c.caps.maxMinutesPerDay} min on ${day}`,
        `fairness: ${e.minutesThisWeek} min this week, last assigned ${e.lastAssignedAt === undefined ? 'never' : new Date(e.lastAssignedAt).toISOString()}`,
      ],
    };
  });

  const counts = new Map<ExclusionRule, number>();
  for (const r of ruledOut) counts.set(r.rule, (counts.get(r.rule) ?? 0) + 1);
  return {
    considered: pool.length,
    ranked,
    ruledOut,
    ruledOutCounts: exclusionRules
      .filter((rule) => counts.has(rule))
      .map((rule) => ({ rule, count: counts.get(rule)! })),
  };
};
