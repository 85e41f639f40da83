import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { authFromEnv, createAuthenticator, DEFAULT_AUDIENCE, DEFAULT_ISSUER, UnauthenticatedError } from './auth';
import { issueTestToken, testAuthOptions, TEST_JWT_SECRET } from './testing/testToken';

describe('authentication', () => {
  const authenticate = createAuthenticator(testAuthOptions());

  it('turns verified claims into a principal', async () => {
    const token = await issueTestToken({
      sub: 'cw-7',
      roles: ['relief.caseworker', 'relief.reader'],
      division: '320300',
    });
    await expect(authenticate(`Bearer ${token}`)).resolves.toEqual({
      subject: 'cw-7',
      roles: ['relief.caseworker', 'relief.reader'],
      division: '320300',
      anonymous: false,
    });
  });

  it.each([
    ['no header', undefined],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['garbage', 'Bearer abc.def.ghi'],
  ])('refuses %s', async (_l, header) => {
    await expect(authenticate(header)).rejects.toThrow(UnauthenticatedError);
  });

  it('carries the agency the token was issued to, and refuses an agency claim that is not a name', async () => {
    const token = await issueTestToken({ sub: 'cw-8', roles: [], division: '630100', agency: 'agency-xining' });
    await expect(authenticate(`Bearer ${token}`)).resolves.toMatchObject({ subject: 'cw-8', agency: 'agency-xining' });
    const sign = (agency: unknown) =>
      new SignJWT({ roles: [], division: '630100', agency })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('cw-9')
        .setIssuer(DEFAULT_ISSUER)
        .setAudience(DEFAULT_AUDIENCE)
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    await expect(authenticate(`Bearer ${await sign(7)}`)).rejects.toThrow(
      'token claim agency must be a non-empty string',
    );
    await expect(authenticate(`Bearer ${await sign('')}`)).rejects.toThrow('token claim agency');
  });

  it('refuses roles that are not a string array and a division that is not six digits', async () => {
    const key = new TextEncoder().encode(TEST_JWT_SECRET);
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('x')
        .setIssuer(DEFAULT_ISSUER)
        .setAudience(DEFAULT_AUDIENCE)
        .setExpirationTime('5m')
        .sign(key);
    await expect(authenticate(`Bearer ${await sign({ roles: 'admin', division: '630100' })}`)).rejects.toThrow(/roles/);
    await expect(authenticate(`Bearer ${await sign({ roles: [], division: '6301' })}`)).rejects.toThrow(/division/);
    await expect(authenticate(`Bearer ${await sign({ roles: [] })}`)).rejects.toThrow(/division/);
  });

  it('refuses an alg=none token even with valid claims', async () => {
    const body = Buffer.from(
      JSON.stringify({
        sub: 'x',
        roles: [],
        division: '630100',
        iss: DEFAULT_ISSUER,
        aud: DEFAULT_AUDIENCE,
        exp: 9999999999,
      }),
    ).toString('base64url');
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    await expect(authenticate(`Bearer ${header}.${body}.`)).rejects.toThrow(UnauthenticatedError);
  });

  it('stops accepting a remembered token once it expires', async () => {
    // Time is the injected clock's: two seconds pass without waiting for them.
    let now = Date.parse('2026-03-01T08:00:00Z');
    const clock = () => new Date(now);
    const token = await issueTestToken({ sub: 'x', roles: [], division: '630100', expiresIn: 1, issuedAt: clock() });
    const strict = createAuthenticator({ ...testAuthOptions(), clockToleranceSeconds: 0, clock });
    await expect(strict(`Bearer ${token}`)).resolves.toMatchObject({ subject: 'x' });
    // Remembered until its exp: the second call is answered from the cache.
    await expect(strict(`Bearer ${token}`)).resolves.toMatchObject({ subject: 'x' });
    now += 2_000;
    await expect(strict(`Bearer ${token}`)).rejects.toThrow(/expired|EXPIRED/);
  });

  it('issues test tokens relative to the current time, expired ones included', async () => {
    const live = await issueTestToken({ sub: 'x', roles: [], division: '630100' });
    await expect(authenticate(`Bearer ${live}`)).resolves.toMatchObject({ subject: 'x' });
    const expired = await issueTestToken({ sub: 'x', roles: [], division: '630100', expiresIn: -60 });
    await expect(authenticate(`Bearer ${expired}`)).rejects.toThrow(/expired|EXPIRED/);
  });

  it('verifies RS256 tokens against a public key given as PEM', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const auth = createAuthenticator({
      issuer: 'idp',
      audience: 'api',
      publicKeyPem: await exportSPKI(publicKey),
      publicKeyAlgorithm: 'RS256',
    });
    const token = await new SignJWT({ roles: ['a'], division: '630000' })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('s')
      .setIssuer('idp')
      .setAudience('api')
      .setExpirationTime('5m')
      .sign(privateKey);
    await expect(auth(`Bearer ${token}`)).resolves.toMatchObject({ subject: 's', division: '630000' });
    const hs = await issueTestToken({ sub: 's', roles: [], division: '630000', issuer: 'idp', audience: 'api' });
    await expect(auth(`Bearer ${hs}`)).rejects.toThrow(UnauthenticatedError);
  });

  it('reads its key from the environment and refuses to run without exactly one, or with a short secret', () => {
    expect(authFromEnv({ JWT_SECRET: TEST_JWT_SECRET, JWT_ISSUER: 'i' })).toMatchObject({
      issuer: 'i',
      audience: DEFAULT_AUDIENCE,
      secret: TEST_JWT_SECRET,
    });
    expect(() => authFromEnv({})).toThrow(/exactly one/);
    expect(() => authFromEnv({ JWT_SECRET: TEST_JWT_SECRET, JWT_JWKS_URL: 'http://idp/jwks' })).toThrow(/exactly one/);
    expect(() => authFromEnv({ JWT_SECRET: 'short' })).toThrow(/32 bytes/);
  });
});
