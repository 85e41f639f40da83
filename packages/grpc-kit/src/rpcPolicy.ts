import type * as protoLoader from '@grpc/proto-loader';
import type { RoleRule } from './types';

/** How the caller's division bounds an RPC (carebridge.options.v1.Jurisdiction). */
export type JurisdictionRule = 'target' | 'list' | 'own' | 'none';

/**
 * What an RPC declares in its .proto (carebridge/options/v1/rpc_options.proto): whether it writes, who may call
 * it and how jurisdiction bounds it. The kit enforces `writes` and `roles`; the suite's generated tests read all.
 */
export type RpcPolicy = {
  /** `idempotency_level = IDEMPOTENT`: the call changes state, so it needs an idempotency key. */
  readonly writes: boolean;
  readonly roles: RoleRule;
  readonly jurisdiction: JurisdictionRule;
};

const ACCESS_OPTION = '(carebridge.options.v1.access)';

type AccessOption = { audience?: string; roles?: string | string[]; jurisdiction?: string };

const JURISDICTIONS: Readonly<Record<string, JurisdictionRule>> = {
  JURISDICTION_TARGET: 'target',
  JURISDICTION_LIST: 'list',
  JURISDICTION_OWN: 'own',
  JURISDICTION_NONE: 'none',
};

/** The policy an RPC declares; throws naming the RPC and what it lacks, so an undeclared RPC never serves. */
export const policyOf = (rpc: string, method: protoLoader.MethodDefinition<object, object>): RpcPolicy => {
  const options = (method.options ?? {}) as Record<string, unknown>;
  const level = options.idempotency_level;
  if (level !== 'NO_SIDE_EFFECTS' && level !== 'IDEMPOTENT')
    throw new Error(`${rpc}: declare option idempotency_level = NO_SIDE_EFFECTS (a read) or IDEMPOTENT (a write)`);
  const access = options[ACCESS_OPTION] as AccessOption | undefined;
  if (!access) throw new Error(`${rpc}: declare option ${ACCESS_OPTION} (audience, roles, jurisdiction)`);
  const jurisdiction = JURISDICTIONS[access.jurisdiction ?? ''];
  if (!jurisdiction) throw new Error(`${rpc}: ${ACCESS_OPTION} needs a jurisdiction`);
  // A single repeated value written as `.roles = "x"` arrives as a string.
  const listed = access.roles === undefined ? [] : typeof access.roles === 'string' ? [access.roles] : access.roles;
  const audience = access.audience ?? 'AUDIENCE_ROLES';
  if (audience === 'AUDIENCE_ROLES' && listed.length === 0)
    throw new Error(`${rpc}: ${ACCESS_OPTION} names no role; name roles or an audience`);
  if (audience !== 'AUDIENCE_ROLES' && listed.length > 0)
    throw new Error(`${rpc}: ${ACCESS_OPTION} names roles with audience ${audience}; choose one`);
  const roles: RoleRule =
    audience === 'AUDIENCE_PUBLIC' ? 'public' : audience === 'AUDIENCE_AUTHENTICATED' ? 'authenticated' : listed;
  return { writes: level === 'IDEMPOTENT', roles, jurisdiction };
};

const sameRoles = (a: RoleRule, b: RoleRule): boolean => {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  const sorted = (roles: readonly string[]): string => [...roles].sort().join('\n');
  return sorted(a) === sorted(b);
};

/**
 * The roles a handler states in code must be the ones its .proto declares: the .proto is what agencies read, so a
 * handler that disagrees is a mistake caught at start-up, not a second rule.
 */
export const assertRolesAgree = (rpc: string, declared: RoleRule, inCode: RoleRule | undefined): void => {
  if (inCode !== undefined && !sameRoles(declared, inCode))
    throw new Error(
      `${rpc}: the handler allows ${JSON.stringify(inCode)} but the .proto declares ${JSON.stringify(declared)}`,
    );
};
