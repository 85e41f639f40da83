import { PermissionDeniedError } from '@carebridge/decider';
import type { Actor } from '@carebridge/event-store';
import type { Staff } from '../domain/application/application';
import type { DivisionDirectory } from '../domain/divisionDirectory';

/** Who calls, as the gRPC kit authenticates it (JWT): roles and the GB/T 2260 division they work in. */
export type Principal = { readonly subject: string; readonly roles: readonly string[]; readonly division: string };

export type ReliefRole = 'relief.caseworker' | 'relief.provincial' | 'relief.federation';

export const roleOf = (principal: Principal, allowed: readonly ReliefRole[]): ReliefRole => {
  const role = allowed.find((r) => principal.roles.includes(r));
  if (!role) throw new PermissionDeniedError(`needs one of the roles ${allowed.join(', ')}`);
  return role;
};

/**
 * Caseworkers act only inside their own city (their division lies within the application's prefecture);
 * the provincial federation acts on every city of its province.
 */
export const requireJurisdiction = (principal: Principal, city: string, directory: DivisionDirectory): ReliefRole => {
  const role = roleOf(principal, ['relief.caseworker', 'relief.provincial']);
  const inside =
    role === 'relief.provincial'
      ? directory.isWithin(city, principal.division)
      : directory.isWithin(principal.division, city);
  if (!inside)
    throw new PermissionDeniedError(
      `${principal.subject} (${principal.division}) may not act on applications of ${city}`,
    );
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
