import { SignJWT } from 'jose';
import { authFromEnv, DEFAULT_AUDIENCE, DEFAULT_ISSUER, type AuthOptions } from '@carebridge/grpc-kit';
import { envValue } from './envValue';

/**
 * DEVELOPMENT ONLY. A public secret so that `npm start` accepts tokens with nothing configured; anyone can
 * mint tokens with it. Refused when NODE_ENV is production.
 */
export const DEVELOPMENT_JWT_SECRET = 'carebridge-development-jwt-secret--NOT-FOR-PRODUCTION';

/** CAREBRIDGE_JWT_* as the kit's JWT_* (the kit's own names are accepted too). */
const kitEnv = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => {
  const pick = (name: string): Record<string, string> => {
    const value = envValue(env, `CAREBRIDGE_${name}`) ?? envValue(env, name);
    return value ? { [name]: value } : {};
  };
  return {
    ...pick('JWT_SECRET'),
    ...pick('JWT_JWKS_URL'),
    ...pick('JWT_PUBLIC_KEY'),
    ...pick('JWT_PUBLIC_KEY_ALG'),
    ...pick('JWT_ISSUER'),
    ...pick('JWT_AUDIENCE'),
  };
};

/** Token verification from the environment; the development secret when none is set outside production. */
export const hostAuthFromEnv = (
  env: NodeJS.ProcessEnv,
  production: boolean,
): { auth: AuthOptions; development: boolean } => {
  const translated = kitEnv(env);
  const hasKey = [translated.JWT_SECRET, translated.JWT_JWKS_URL, translated.JWT_PUBLIC_KEY].some(Boolean);
  if (hasKey) return { auth: authFromEnv(translated), development: false };
  if (production)
    throw new Error(
      'NODE_ENV=production needs CAREBRIDGE_JWT_SECRET, CAREBRIDGE_JWT_JWKS_URL or CAREBRIDGE_JWT_PUBLIC_KEY',
    );
  return { auth: authFromEnv({ ...translated, JWT_SECRET: DEVELOPMENT_JWT_SECRET }), development: true };
};

export type DevTokenClaims = {
  readonly roles: readonly string[];
  /** Six-digit GB/T 2260 code of the caller's jurisdiction. */
  readonly division: string;
  readonly subject?: string;
  readonly ttlSeconds?: number;
};

/** Signs an HS256 token the way an identity provider would for these claims (development and tests). */
export const mintToken = async (
  claims: DevTokenClaims,
  auth: Pick<AuthOptions, 'secret' | 'issuer' | 'audience'>,
): Promise<string> => {
  if (!auth.secret) throw new Error('tokens can only be minted locally for an HS256 secret (CAREBRIDGE_JWT_SECRET)');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ roles: [...claims.roles], division: claims.division })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.subject ?? 'dev-user')
    .setIssuer(auth.issuer || DEFAULT_ISSUER)
    .setAudience(auth.audience || DEFAULT_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + (claims.ttlSeconds ?? 8 * 3600))
    .sign(new TextEncoder().encode(auth.secret));
};

/** The line the start-up banner prints so a newcomer can call the API at once. */
export const devTokenHint = (example: { role: string; division: string }): string =>
  `npm run token -- --role ${example.role} --division ${example.division}   (then: grpcurl -plaintext -H "authorization: Bearer $TOKEN" ...)`;
