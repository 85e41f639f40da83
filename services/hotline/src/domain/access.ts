import type { Jurisdictions, Scope } from './jurisdictions';
import type { Tier } from './vocabulary';

/** The caller as the gRPC kit authenticates it. */
export type Principal = { readonly subject: string; readonly roles: readonly string[]; readonly division: string };

/** One role per tier of "省级负总责、市州级受理、县区级处置". */
export const hotlineRoles = {
  'hotline.supervisor': 'province',
  'hotline.operator': 'prefecture',
  'hotline.handler': 'county',
} as const satisfies Record<string, Tier>;
export type HotlineRole = keyof typeof hotlineRoles;

export type Operation =
  | 'recordContact'
  | 'openCase'
  | 'assignCase'
  | 'acceptCase'
  | 'recordAction'
  | 'referCase'
  | 'recordReply'
  | 'closeCase'
  | 'reopenCase'
  | 'readCase';

/** Which tiers may do what; visibility (which cases) is decided separately by `sees`. */
const allowed: Record<Operation, readonly Tier[]> = {
  recordContact: ['prefecture', 'province'],
  openCase: ['prefecture', 'province'],
  assignCase: ['prefecture', 'province'],
  acceptCase: ['county'],
  recordAction: ['county', 'prefecture', 'province'],
  referCase: ['county', 'prefecture', 'province'],
  recordReply: ['prefecture', 'province'],
  closeCase: ['county', 'prefecture', 'province'],
  reopenCase: ['prefecture', 'province'],
  readCase: ['county', 'prefecture', 'province'],
};

/** The hotline roles whose tier may perform `operation` at all: the API's first, coarse gate. */
export const rolesFor = (operation: Operation): HotlineRole[] =>
  (Object.keys(hotlineRoles) as HotlineRole[]).filter((role) => allowed[operation].includes(hotlineRoles[role]));

/** The tiers a principal acts at: its hotline roles whose tier matches the level of its own division. */
export const tiersOf = (principal: Principal, jurisdictions: Jurisdictions): Tier[] =>
  principal.roles.flatMap((role): Tier[] => {
    const tier = (hotlineRoles as Record<string, Tier | undefined>)[role];
    if (!tier) return [];
    if (tier === 'province') return jurisdictions.provinces().includes(principal.division) ? [tier] : [];
    const scope = jurisdictions.scopeOf(principal.division);
    return scope &&
      jurisdictions.divisionAt(scope, tier) === principal.division &&
      (tier === 'county') === Boolean(scope.county)
      ? [tier]
      : [];
  });

/** A county sees only cases assigned to it, a prefecture its own, the province all of its cases. */
export const sees = (tier: Tier, division: string, scope: Scope): boolean => {
  switch (tier) {
    case 'county':
      return scope.county === division;
    case 'prefecture':
      return scope.prefecture === division;
    case 'province':
      return scope.province === division;
    default: {
      const unreachable: never = tier;
      return unreachable;
    }
  }
};

/** The tier under which the principal may perform `operation` on a case in `scope`, if any. */
export const authorise = (
  principal: Principal,
  jurisdictions: Jurisdictions,
  operation: Operation,
  scope: Scope,
): Tier | undefined =>
  tiersOf(principal, jurisdictions).find(
    (tier) => allowed[operation].includes(tier) && sees(tier, principal.division, scope),
  );

/** Filter a listing must apply for this principal; undefined: it may see nothing. */
export const listingScope = (
  principal: Principal,
  jurisdictions: Jurisdictions,
): { readonly field: 'province' | 'prefecture' | 'county'; readonly division: string } | undefined => {
  const order: Tier[] = ['province', 'prefecture', 'county'];
  const tier = order.find((t) => tiersOf(principal, jurisdictions).includes(t));
  return tier ? { field: tier, division: principal.division } : undefined;
};
