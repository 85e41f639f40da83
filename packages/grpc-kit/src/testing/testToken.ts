import { SignJWT } from 'jose';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, type AuthOptions } from '../auth';

/** A secret long enough for HS256; tests only. */
export const TEST_JWT_SECRET = 'carebridge-test-secret-0123456789abcdef';

export const testAuthOptions = (secret = TEST_JWT_SECRET): AuthOptions => ({
  issuer: DEFAULT_ISSUER,
  audience: DEFAULT_AUDIENCE,
  secret,
});

export type TestClaims = {
  readonly sub: string;
  readonly roles: readonly string[];
  readonly division: string;
  /** The agency the token is issued to (claim `agency`), as an agency's identity provider would name it. */
  readonly agency?: string;
  readonly issuer?: string;
  readonly audience?: string;
  /** Seconds until expiry; negative issues an already expired token. */
  readonly expiresIn?: number;
  /** When the token is issued (an injected clock's time); by default now, as jose reads it. */
  readonly issuedAt?: Date;
};

/** Signs an HS256 token with the claims the kit checks (sub, roles, division, iss, aud, exp). */
export const issueTestToken = async (claims: TestClaims, secret = TEST_JWT_SECRET): Promise<string> => {
  const expiresIn = claims.expiresIn ?? 300;
  const jwt = new SignJWT({
    roles: [...claims.roles],
    division: claims.division,
    ...(claims.agency ? { agency: claims.agency } : {}),
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuer(claims.issuer ?? DEFAULT_ISSUER)
    .setAudience(claims.audience ?? DEFAULT_AUDIENCE);
  if (claims.issuedAt) {
    const iat = Math.floor(claims.issuedAt.getTime() / 1000);
    jwt.setIssuedAt(iat).setExpirationTime(iat + expiresIn);
  } else {
    // Relative to now as jose reads it (jest's clock in unit tests).
    jwt.setIssuedAt().setExpirationTime(`${expiresIn}s`);
  }
  return jwt.sign(new TextEncoder().encode(secret));
};
