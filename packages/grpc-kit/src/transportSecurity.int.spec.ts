import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eventually, grpcurlPath } from '@carebridge/test-engines';
import {
  createEchoServer,
  createTestCa,
  ECHO_SERVICE,
  issueClientCertificate,
  issueServerCertificate,
  issueTestToken,
  type CertificateFiles,
  type TestCa,
} from './testing';
import type { DeniedContext, GrpcKitServer, GrpcTlsSettings } from './index';

const execFileAsync = promisify(execFile);
/** grpcurl (engines.sh builds it): TLS is checked with a client the project did not write. */
const grpcurl = grpcurlPath();

type Outcome = { ok: true; reply: Record<string, string> } | { ok: false; output: string };

/** Calls Echo/Say through grpcurl over TLS, trusting `serverCa`, presenting `client` when given. */
const say = async (port: number, serverCa: string, token: string, client?: CertificateFiles): Promise<Outcome> => {
  const args = ['-cacert', serverCa, ...(client ? ['-cert', client.certFile, '-key', client.keyFile] : [])];
  args.push(
    '-connect-timeout',
    '5',
    '-max-time',
    '20',
    '-H',
    `authorization: Bearer ${token}`,
    '-d',
    '{"text":"over tls"}',
  );
  try {
    const { stdout } = await execFileAsync(grpcurl, [...args, `localhost:${port}`, `${ECHO_SERVICE}/Say`]);
    return { ok: true, reply: JSON.parse(stdout) as Record<string, string> };
  } catch (err) {
    const { stdout = '', stderr = '' } = err as { stdout?: string; stderr?: string };
    return { ok: false, output: `${stdout}${stderr}` };
  }
};

/**
 * Refused in the TLS handshake: grpcurl never got a connection, so no call reached the kit. (Under TLS 1.3 the
 * server checks the client certificate after its own Finished and resets the connection; whether the alert naming
 * the reason reaches the client first is a race, so the reason is made certain by each test's certificate instead.)
 */
const refusedInHandshake = (outcome: Outcome): void => {
  expect(refused(outcome)).toContain('Failed to dial target host');
  expect(denials).toEqual([]);
};

const answered = (outcome: Outcome): Record<string, string> => {
  if (!outcome.ok) throw new Error(`the call was expected to succeed, and it failed: ${outcome.output}`);
  return outcome.reply;
};

const refused = (outcome: Outcome): string => {
  if (outcome.ok)
    throw new Error(`the call was expected to be refused, and it answered ${JSON.stringify(outcome.reply)}`);
  return outcome.output;
};

/** Replaces a file the way a Secret volume does: the new content appears whole, never half written. */
const replaceFile = async (from: string, to: string): Promise<void> => {
  await copyFile(from, `${to}.new`);
  await rename(`${to}.new`, to);
};

let dir: string;
let serverCa: TestCa;
let agencyCa: TestCa;
let serverCert: CertificateFiles;
let xining: CertificateFiles;
let token: string;
const denials: { ctx: DeniedContext; reason: string }[] = [];

const startServer = async (tls: GrpcTlsSettings): Promise<{ server: GrpcKitServer; port: number }> => {
  const server = createEchoServer({
    tls,
    httpPort: false,
    onDenied: (ctx, _m, reason) => void denials.push({ ctx, reason }),
  });
  const { port } = await server.start();
  return { server, port };
};

const settings = (mode: 'tls' | 'mtls', files = serverCert, caFile = agencyCa.certFile): GrpcTlsSettings => ({
  mode,
  certFile: files.certFile,
  keyFile: files.keyFile,
  ...(mode === 'mtls' ? { caFile } : {}),
  reloadIntervalMs: 200,
  agencyAttribute: 'CN',
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'carebridge-grpc-tls-'));
  serverCa = await createTestCa(join(dir, 'server-ca'), 'CareBridge test server CA');
  agencyCa = await createTestCa(join(dir, 'agency-ca'), 'CareBridge test agency CA');
  serverCert = await issueServerCertificate(serverCa, join(dir, 'server'));
  xining = await issueClientCertificate(agencyCa, join(dir, 'xining'), {
    subject: '/O=Xining Civil Affairs Bureau/CN=agency-xining',
  });
  token = await issueTestToken({
    sub: 'clerk-1',
    roles: ['relief.caseworker'],
    division: '630100',
    agency: 'agency-xining',
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));
beforeEach(() => void denials.splice(0));

describe('gRPC over TLS (server certificate only)', () => {
  let s: { server: GrpcKitServer; port: number };
  beforeAll(async () => (s = await startServer(settings('tls'))));
  afterAll(() => s.server.stop(1000));

  it('answers a caller that trusts the server CA, with no client certificate', async () => {
    expect(answered(await say(s.port, serverCa.certFile, token))).toMatchObject({
      text: 'over tls',
      subject: 'clerk-1',
    });
  });

  it('refuses plaintext, and a caller that does not trust the server certificate refuses the server', async () => {
    const plaintext = await execFileAsync(grpcurl, [
      '-plaintext',
      '-max-time',
      '10',
      `127.0.0.1:${s.port}`,
      'list',
    ]).then(
      () => 'answered',
      (err: { stderr?: string }) => err.stderr ?? '',
    );
    expect(plaintext).not.toBe('answered');
    expect(refused(await say(s.port, agencyCa.certFile, token))).toMatch(/certificate signed by unknown authority/);
  });
});

describe('gRPC over mutual TLS', () => {
  let s: { server: GrpcKitServer; port: number };
  beforeAll(async () => (s = await startServer(settings('mtls'))));
  afterAll(() => s.server.stop(1000));

  it('answers an agency whose certificate the agency CA issued and whose token names the same agency', async () => {
    expect(answered(await say(s.port, serverCa.certFile, token, xining))).toMatchObject({
      text: 'over tls',
      subject: 'clerk-1',
    });
    expect(denials).toEqual([]);
  });

  it('refuses a caller without a client certificate in the handshake', async () => {
    refusedInHandshake(await say(s.port, serverCa.certFile, token));
  });

  it('refuses an expired client certificate in the handshake', async () => {
    const expired = await issueClientCertificate(agencyCa, join(dir, 'expired'), {
      subject: '/CN=agency-xining',
      days: -1,
    });
    // The certificate really is past its notAfter: the refusal below is about time, not about the issuer.
    const notAfter = new Date(new X509Certificate(await readFile(expired.certFile)).validTo);
    expect(notAfter.getTime()).toBeLessThan(Date.now());
    refusedInHandshake(await say(s.port, serverCa.certFile, token, expired));
  });

  it('refuses a client certificate from a CA it does not trust, even with the right subject', async () => {
    const rogueCa = await createTestCa(join(dir, 'rogue-ca'), 'CareBridge test agency CA');
    const rogue = await issueClientCertificate(rogueCa, join(dir, 'rogue'), { subject: '/CN=agency-xining' });
    refusedInHandshake(await say(s.port, serverCa.certFile, token, rogue));
  });

  it("refuses UNAUTHENTICATED a token of another agency, or of none, over an agency's certificate", async () => {
    const golmud = await issueTestToken({ sub: 'clerk-2', roles: ['x'], division: '632801', agency: 'agency-golmud' });
    const output = refused(await say(s.port, serverCa.certFile, golmud, xining));
    expect(output).toContain('Code: Unauthenticated');
    expect(output).toContain("the token's agency is not the agency of the client certificate");
    const none = await issueTestToken({ sub: 'clerk-3', roles: ['x'], division: '630100' });
    expect(refused(await say(s.port, serverCa.certFile, none, xining))).toContain(
      'the token has no agency claim, which mTLS requires',
    );
    expect(denials.map((d) => [d.ctx.code, d.ctx.principal?.subject])).toEqual([
      ['UNAUTHENTICATED', 'clerk-2'],
      ['UNAUTHENTICATED', 'clerk-3'],
    ]);
  });
});

describe('certificate reload', () => {
  it('serves renewed files from the next handshake on, without a restart', async () => {
    const live = { certFile: join(dir, 'live.pem'), keyFile: join(dir, 'live.key') };
    const liveCa = join(dir, 'live-ca.pem');
    await copyFile(serverCert.certFile, live.certFile);
    await copyFile(serverCert.keyFile, live.keyFile);
    await copyFile(agencyCa.certFile, liveCa);
    const s = await startServer(settings('mtls', live, liveCa));
    try {
      expect((await say(s.port, serverCa.certFile, token, xining)).ok).toBe(true);
      // A new server CA and a new agency CA: the old certificates stop working, the new ones start.
      const newServerCa = await createTestCa(join(dir, 'server-ca-2'), 'CareBridge test server CA 2');
      const newAgencyCa = await createTestCa(join(dir, 'agency-ca-2'), 'CareBridge test agency CA 2');
      const renewed = await issueServerCertificate(newServerCa, join(dir, 'server-2'));
      const xining2 = await issueClientCertificate(newAgencyCa, join(dir, 'xining-2'), {
        subject: '/CN=agency-xining',
      });
      expect(refused(await say(s.port, newServerCa.certFile, token, xining2))).toMatch(/unknown authority/);

      // Key and certificate change together (in one step, as a Secret volume swaps them).
      const staging = join(dir, 'staging');
      await writeFile(`${staging}.pem`, await readFile(renewed.certFile));
      await writeFile(`${staging}.key`, await readFile(renewed.keyFile));
      await Promise.all([replaceFile(`${staging}.pem`, live.certFile), replaceFile(`${staging}.key`, live.keyFile)]);
      await replaceFile(newAgencyCa.certFile, liveCa);

      await eventually(async () => expect((await say(s.port, newServerCa.certFile, token, xining2)).ok).toBe(true), {
        what: 'the renewed certificate and CA bundle to be served',
        timeoutMs: 30_000,
        intervalMs: 250,
      });
      expect(refused(await say(s.port, serverCa.certFile, token, xining))).toMatch(/unknown authority/);
    } finally {
      await s.server.stop(1000);
    }
  });
});
