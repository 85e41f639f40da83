import { isWithin } from '@carebridge/divisions';
import { PermissionDeniedError } from '@carebridge/decider';
import type { Principal } from './types';

/** True when the caller's division contains `division` (a county inside the caller's prefecture, say). */
export const coversDivision = (principal: Principal, division: string): boolean =>
  !principal.anonymous && isWithin(division, principal.division);

/** Throws PermissionDeniedError (gRPC PERMISSION_DENIED, audited) unless the caller's division contains `division`. */
export const assertJurisdiction = (principal: Principal, division: string): void => {
  if (!coversDivision(principal, division)) {
    throw new PermissionDeniedError(
      `division ${division} is outside the caller's jurisdiction ${principal.division || '(none)'}`,
    );
  }
};
