/**
 * The matching rules, in the order they are applied. A candidate is ruled out by the first rule it fails;
 * the order that comes back unfilled says how many candidates each rule ruled out.
 */
export const dispatchRulesVersion = '2024.1';

export const exclusionRules = [
  'active', // suspended volunteers get no offers
  'passed_over', // declined or let this order's offer lapse
  'skills', // holds every skill the order requires
  'availability', // weekly availability covers the whole window
  'load_cap', // fewer live tasks than the concurrent cap
  'overlap', // no live task in an overlapping window
  'daily_hours', // the day's planned and credited minutes stay within the cap
] as const;
export type ExclusionRule = (typeof exclusionRules)[number];

/** Ranking among those left: nearer first, then whoever has done least this week, then whoever waited longest. */
export const rankingRules = ['community', 'minutes_this_week', 'least_recently_assigned', 'rotation'] as const;

/** How far to look: the order's own community (tier 0), then its neighbours (tier 1). */
export const tiers = ['same_community', 'neighbour'] as const;
export type Tier = (typeof tiers)[number];
