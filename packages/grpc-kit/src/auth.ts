import { createRemoteJWKSet, importSPKI, jwtVerify, errors as joseErrors, type JWTPayload, type KeyLike } from 'jose';
import { byCode } from '@carebridge/divisions';
import type { Principal } from './types';

export const DEFAULT_ISSUER = 'carebridge-auth';
export const DEFAULT_AUDIENCE = 'carebridge';

/** How tokens are verified. Exactly one of secret (HS256), jwksUrl or publicKeyPem. */
export type AuthOptions = {
  readonly issuer: string;
  readonly audience: string;
  readonly secret?: string;
  readonly jwksUrl?: string;
  readonly publicKeyPem?: string;
  /** Algorithm of publicKeyPem (RS256, ES256, EdDSA ...); JWKS keys name their own. */
  readonly publicKeyAlgorithm?: string;
  readonly clockToleranceSeconds?: number;
  /** Where time comes from for `exp` and `nbf`: the real clock unless a test injects one. */
  readonly clock?: () => Date;
};

/**
 * Reads JWT_SECRET | JWT_JWKS_URL | JWT_PUBLIC_KEY (+ JWT_PUBLIC_KEY_ALG), JWT_ISSUER, JWT_AUDIENCE.
 * Refuses to start without a key: a service that cannot verify tokens must not serve.
 */
export const authFromEnv = (env: NodeJS.ProcessEnv = process.env): AuthOptions => {
  const options: AuthOptions = {
    issuer: env.JWT_ISSUER ?? DEFAULT_ISSUER,
    audience: env.JWT_AUDIENCE ?? DEFAULT_AUDIENCE,
    ...(env.JWT_SECRET ? { secret: env.JWT_SECRET } : {}),
    ...(env.JWT_JWKS_URL ? { jwksUrl: env.JWT_JWKS_URL } : {}),
    ...(env.JWT_PUBLIC_KEY
      ? { publicKeyPem: env.JWT_PUBLIC_KEY, publicKeyAlgorithm: env.JWT_PUBLIC_KEY_ALG ?? 'RS256' }
      : {}),
  };
  keySources(options);
  return options;
};

const keySources = (o: AuthOptions): void => {
  const count = [o.secret, o.jwksUrl, o.publicKeyPem].filter(Boolean).length;
  if (count !== 1) throw new Error('auth: set exactly one of JWT_SECRET, JWT_JWKS_URL, JWT_PUBLIC_KEY');
  if (o.secret !== undefined && Buffer.byteLength(o.secret) < 32)
    throw new Error('auth: JWT_SECRET must be at least 32 bytes for HS256');
};

/** A token was missing, malformed, expired, for another audience, or its claims are unusable. */
export class UnauthenticatedError extends Error {
  override readonly name = 'UnauthenticatedError';
}

export type Authenticator = (authorization: string | undefined) => Promise<Principal>;

type Verify = (token: string) => Promise<JWTPayload>;

const verifierFor = (o: AuthOptions, clock: () => Date): Verify => {
  const options = {
    issuer: o.issuer,
    audience: o.audience,
    clockTolerance: o.clockToleranceSeconds ?? 5,
    requiredClaims: ['exp', 'sub'],
  };
  const common = () => ({ ...options, currentDate: clock() });
  if (o.secret !== undefined) {
    const key = new TextEncoder().encode(o.secret);
    return async (t) => (await jwtVerify(t, key, { ...common(), algorithms: ['HS256'] })).payload;
  }
  if (o.jwksUrl !== undefined) {
    const jwks = createRemoteJWKSet(new URL(o.jwksUrl));
    return async (t) => (await jwtVerify(t, jwks, common())).payload;
  }
  const alg = o.publicKeyAlgorithm ?? 'RS256';
  let key: Promise<KeyLike> | undefined;
  return async (t) => {
    key ??= importSPKI(o.publicKeyPem ?? '', alg);
    return (await jwtVerify(t, await key, { ...common(), algorithms: [alg] })).payload;
  };
};

const principalOf = (claims: JWTPayload): Principal => {
  const roles = claims.roles;
  if (!Array.isArray(roles) || !roles.every((r): r is string => typeof r === 'string')) {
    throw new UnauthenticatedError('token claim roles must be an array of strings');
  }
  const division = claims.division;
  if (typeof division !== 'string' || !/^\d{6}$/.test(division) || !byCode(division)) {
    throw new UnauthenticatedError('token claim division must be a known six-digit GB/T 2260 code');
  }
  const agency = claims.agency;
  if (agency !== undefined && (typeof agency !== 'string' || agency === ''))
    throw new UnauthenticatedError('token claim agency must be a non-empty string');
  return { subject: claims.sub ?? '', roles, division, ...(agency ? { agency } : {}), anonymous: false };
};

const CACHE_SIZE = 10_000;

/**
 * Verifies `authorization: Bearer <jwt>` and returns the principal; every failure is UnauthenticatedError.
 * A verified token is remembered until its own exp (at most 10,000 tokens): the same token verifies the same
 * way until then, and a client sends one token for many calls, so signature checks stop dominating latency.
 */
export const createAuthenticator = (options: AuthOptions): Authenticator => {
  keySources(options);
  const clock = options.clock ?? (() => new Date());
  const verify = verifierFor(options, clock);
  const verified = new Map<string, { principal: Principal; expiresAt: number }>();
  return async (authorization) => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    const token = match?.[1];
    if (!token) throw new UnauthenticatedError('missing bearer token in metadata "authorization"');
    const known = verified.get(token);
    if (known && known.expiresAt > clock().getTime()) return known.principal;
    if (known) verified.delete(token);
    try {
      const claims = await verify(token);
      const principal = principalOf(claims);
      if (verified.size >= CACHE_SIZE) verified.delete(verified.keys().next().value ?? '');
      verified.set(token, { principal, expiresAt: (claims.exp ?? 0) * 1000 });
      return principal;
    } catch (err) {
      if (err instanceof UnauthenticatedError) throw err;
      // jose names the failed check (expired, audience, signature) without echoing the token.
      const why = err instanceof joseErrors.JOSEError ? err.code : 'unverifiable token';
      throw new UnauthenticatedError(`invalid token: ${why}`);
    }
  };
};

export const anonymousPrincipal: Principal = { subject: 'anonymous', roles: [], division: '', anonymous: true };
