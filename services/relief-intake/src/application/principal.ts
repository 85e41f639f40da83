import { PermissionDeniedError } from '@carebridge/decider';
import type { Actor } from '@carebridge/event-store';
import { assertJurisdiction, coversDivision } from '@carebridge/grpc-kit';
import type { Staff } from '../domain/application/application';
import type { DivisionDirectory } from '../domain/divisionDirectory';

/** Who calls, as the gRPC kit authenticates it (JWT): roles and the GB/T 2260 division they work in. */
export type Principal = { readonly subject: string; readonly roles: readonly string[]; readonly division: string };

export type ReliefRole = 'relief.caseworker' | 'relief.provincial' | 'relief.federation';

/** The roles that work on applications (submit, act on, read and list them). */
export const STAFF_ROLES: readonly ReliefRole[] = ['relief.caseworker', 'relief.provincial'];

export const roleOf = (principal: Principal, allowed: readonly ReliefRole[]): ReliefRole => {
  const role = allowed.find((r) => principal.roles.includes(r));
  if (!role) throw new PermissionDeniedError(`needs one of the roles ${allowed.join(', ')}`);
  return role;
};

/**
 * The division a caller acts in. A caseworker acts inside the prefecture (市) of their division (a county
 * caseworker on the whole city, as the .proto declares); a caseworker whose division is not inside a prefecture
 * acts nowhere. The provincial and the federation roles act inside their own division.
 */
export const scopeOf = (principal: Principal, role: ReliefRole, directory: DivisionDirectory): string | undefined => {
  if (role !== 'relief.caseworker') return principal.division;
  const prefecture = `${principal.division.slice(0, 4)}00`;
  return !prefecture.endsWith('0000') && directory.isWithin(principal.division, prefecture) ? prefecture : undefined;
};

/** The caller acting as `role`, with their scope as the division the kit's rule compares against. */
const asCaller = (principal: Principal, role: ReliefRole, directory: DivisionDirectory) => ({
  ...principal,
  division: scopeOf(principal, role, directory) ?? '',
  anonymous: false,
});

/**
 * THE jurisdiction rule of relief, for every RPC that names or creates an object and for every list: the caller
 * acting as `role` may act on `division` only when the division lies within the caller's scope (the kit's
 * coversDivision on the scope above). Lists filter with it, so a list never shows what a read would refuse.
 */
export const covers = (principal: Principal, role: ReliefRole, division: string, directory: DivisionDirectory) =>
  coversDivision(asCaller(principal, role, directory), division);

/** The same rule as a refusal: PermissionDeniedError (PERMISSION_DENIED, audited by the kit). */
export const assertCovers = (
  principal: Principal,
  role: ReliefRole,
  division: string,
  directory: DivisionDirectory,
): void => assertJurisdiction(asCaller(principal, role, directory), division);

/**
 * The role check and the jurisdiction rule for staff working on applications: `division` is where the
 * application lies (its city), or where a submission or referral would put it.
 */
export const requireJurisdiction = (
  principal: Principal,
  division: string,
  directory: DivisionDirectory,
  roles: readonly ReliefRole[] = STAFF_ROLES,
): ReliefRole => {
  const role = roleOf(principal, roles);
  assertCovers(principal, role, division, directory);
  return role;
};

export const staffOf = (principal: Principal, role: ReliefRole): Staff => ({
  subject: principal.subject,
  role,
  division: principal.division,
});

export const actorOf = (staff: Staff): Actor => ({
  subject: staff.subject,
  role: staff.role,
  division: staff.division,
});
