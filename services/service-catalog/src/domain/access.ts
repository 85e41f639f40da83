import { PermissionDeniedError } from '@carebridge/decider';
import { isWithin } from '@carebridge/divisions';
import type { Actor } from './types';

/**
 * Who may do what in the catalog. Roles come from the token; jurisdiction from its GB/T 2260 division;
 * an organisation's staff are the accounts its registration lists.
 */
export const ROLES = {
  /** County civil-affairs officer (民政): registers organisations, reviews and publishes items in the county. */
  officer: 'catalog.officer',
  /** Staff of a social organisation: drafts its items, answers its requests. */
  orgStaff: 'catalog.org_staff',
  /** A caseworker of an agency asking for a service on a resident's behalf. */
  agency: 'catalog.agency',
  /** A resident asking for a service for themself or their family. */
  resident: 'catalog.resident',
} as const;

const has = (actor: Actor, role: string) => actor.roles.includes(role);

export const isOfficerFor = (actor: Actor, county: string): boolean =>
  has(actor, ROLES.officer) && isWithin(county, actor.division);

export const isStaffOf = (actor: Actor, organization: { staff: readonly string[] }): boolean =>
  has(actor, ROLES.orgStaff) && organization.staff.includes(actor.subject);

const deny = (message: string): never => {
  throw new PermissionDeniedError(message);
};

export const assertOfficer = (actor: Actor, county: string, action: string): void => {
  if (!isOfficerFor(actor, county)) deny(`${action} is for the civil-affairs officer of county ${county}`);
};

export const assertStaff = (
  actor: Actor,
  organization: { organizationId: string; staff: readonly string[] },
  action: string,
): void => {
  if (!isStaffOf(actor, organization))
    deny(`${action} is for the staff of organisation ${organization.organizationId}`);
};

export const assertStaffOrOfficer = (
  actor: Actor,
  organization: { organizationId: string; county: string; staff: readonly string[] },
  action: string,
): void => {
  if (!isStaffOf(actor, organization) && !isOfficerFor(actor, organization.county)) {
    deny(
      `${action} is for the staff of organisation ${organization.organizationId} or the officer of county ${organization.county}`,
    );
  }
};

export type RequestSourceKind = 'resident' | 'agency';

/** Residents ask for themselves; agencies on someone's behalf. */
export const sourceKindOf = (actor: Actor): RequestSourceKind => {
  if (has(actor, ROLES.agency)) return 'agency';
  if (has(actor, ROLES.resident)) return 'resident';
  return deny('requests are made by residents and agency caseworkers');
};
