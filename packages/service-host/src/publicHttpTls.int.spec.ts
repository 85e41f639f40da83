import { copyFile, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestCa, issueServerCertificate } from '@carebridge/grpc-kit/testing';
import { eventually } from '@carebridge/test-engines';
import { startPublicHttp, type PublicHttp } from './publicHttp';
import { publicRoute } from './publicParams';

/** GET on a new connection (a new handshake), trusting only `ca`: the status, or the TLS error's code. */
const get = (url: string, ca: Buffer): Promise<string> =>
  new Promise((resolve) => {
    https
      .get(url, { ca, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(`${res.statusCode} ${res.headers['strict-transport-security'] ?? ''}`));
      })
      .on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });

describe('the public HTTP port serving TLS itself', () => {
  let dir: string;
  let http: PublicHttp | undefined;
  beforeAll(async () => void (dir = await mkdtemp(join(tmpdir(), 'carebridge-public-tls-'))));
  afterAll(async () => {
    await http?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers over HTTPS with HSTS, and serves renewed files without a restart', async () => {
    const ca1 = await createTestCa(join(dir, 'ca-1'), 'CareBridge test public CA 1');
    const ca2 = await createTestCa(join(dir, 'ca-2'), 'CareBridge test public CA 2');
    const first = await issueServerCertificate(ca1, join(dir, 'first'));
    const renewed = await issueServerCertificate(ca2, join(dir, 'renewed'));
    const live = { certFile: join(dir, 'live.pem'), keyFile: join(dir, 'live.key') };
    await copyFile(first.certFile, live.certFile);
    await copyFile(first.keyFile, live.keyFile);
    const reloadErrors: Error[] = [];
    http = await startPublicHttp(
      (app) =>
        app.get(
          '/ping',
          publicRoute({ cache: 'no-store', query: {} }, (_p, _req, res) => void res.json({})),
        ),
      0,
      '127.0.0.1',
      { tls: { ...live, reloadIntervalMs: 200 }, onTlsReloadError: (err) => void reloadErrors.push(err) },
    );
    const url = `https://localhost:${http.port}/ping`;
    const [trust1, trust2] = await Promise.all([readFile(ca1.certFile), readFile(ca2.certFile)]);
    expect(await get(url, trust1)).toBe('200 max-age=31536000');
    expect(await get(url, trust2)).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');

    // A half-written pair (new certificate, old key) is not loaded: the server keeps answering with the old one.
    await writeFile(`${live.certFile}.new`, await readFile(renewed.certFile));
    await rename(`${live.certFile}.new`, live.certFile);
    await eventually(() => reloadErrors.length > 0, { what: 'the mismatched pair to be tried', timeoutMs: 30_000 });
    expect(await get(url, trust1)).toBe('200 max-age=31536000');

    await writeFile(`${live.keyFile}.new`, await readFile(renewed.keyFile));
    await rename(`${live.keyFile}.new`, live.keyFile);
    await eventually(async () => expect(await get(url, trust2)).toBe('200 max-age=31536000'), {
      what: 'the renewed certificate to be served',
      timeoutMs: 30_000,
    });
    expect(await get(url, trust1)).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });
});
