import { randomUUID } from 'node:crypto';
import { PermissionDeniedError } from '@carebridge/decider';
import { assertJurisdiction, coversDivision, type CallContext, type Principal } from '@carebridge/grpc-kit';
import type { Ctx } from '../application/context';
import { countyOf } from '../domain/communities';

/** The roles of the dispatch API (JWT `roles`), `<programme>.<role>` as ADR 0005 names them. */
export const ROLES = {
  dispatcher: 'dispatch.dispatcher',
  volunteer: 'dispatch.volunteer',
  resident: 'dispatch.resident',
  communityWorker: 'dispatch.community_worker',
} as const;
export type Role = (typeof ROLES)[keyof typeof ROLES];

export const hasRole = (principal: Principal, role: Role): boolean => principal.roles.includes(role);

/**
 * The one jurisdiction rule of dispatch: a community lies within the caller's division when its county does.
 * Every RPC bounds the communities it names, or puts something in, by it, whatever the caller's role.
 */
export const covers = (principal: Principal, community: string): boolean =>
  coversDivision(principal, countyOf(community));

/** PERMISSION_DENIED (audited) unless every community given lies within the caller's division. */
export const assertCovers = (principal: Principal, ...communities: readonly string[]): void =>
  communities.forEach((community) => assertJurisdiction(principal, countyOf(community)));

const isStaff = (principal: Principal): boolean =>
  hasRole(principal, ROLES.dispatcher) || hasRole(principal, ROLES.communityWorker);

/** Dispatchers and community workers act for the communities of their district: its county must lie within. */
export const worksIn = (principal: Principal, community: string): boolean =>
  isStaff(principal) && covers(principal, community);

export const assertDistrict = (principal: Principal, community: string): void => {
  if (!isStaff(principal)) throw new PermissionDeniedError('only dispatchers and community workers act on a community');
  assertCovers(principal, community);
};

/** A volunteer acts only as themselves: the token's subject is their volunteer id. */
export const isSelf = (principal: Principal, volunteerId: string): boolean =>
  hasRole(principal, ROLES.volunteer) && principal.subject === volunteerId;

export const deny = (reason: string): never => {
  throw new PermissionDeniedError(reason);
};

/** The application's command context: the caller's idempotency key (a fresh one when none was sent) and who acts. */
export const ctxOf = (call: CallContext, role: Role): Ctx => ({
  commandId: call.commandId ?? randomUUID(),
  actor: { subject: call.principal.subject, role, division: call.principal.division },
  ...(call.traceparent ? { traceparent: call.traceparent } : {}),
});

/** The first dispatch role the caller holds, for the record of who acted. */
export const roleOf = (principal: Principal): Role =>
  (Object.values(ROLES) as Role[]).find((role) => principal.roles.includes(role)) ?? ROLES.resident;
