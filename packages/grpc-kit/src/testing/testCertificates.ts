import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const certsScript = resolve(__dirname, '../../../../infra/tls/certs.sh');

/** A certificate and its key, as PEM files. */
export type CertificateFiles = { readonly certFile: string; readonly keyFile: string };
export type TestCa = CertificateFiles & { readonly dir: string };

/** A CA of its own in `dir` (infra/tls/certs.sh, OpenSSL): ca.pem and ca.key. */
export const createTestCa = async (dir: string, name: string): Promise<TestCa> => {
  await run('bash', [certsScript, 'ca', dir, name]);
  return { dir, certFile: join(dir, 'ca.pem'), keyFile: join(dir, 'ca.key') };
};

export type IssueOptions = {
  /** OpenSSL's subject form: `/O=Xining Civil Affairs/CN=agency-xining`. */
  readonly subject: string;
  /** Days of validity; negative issues a certificate that is already expired. */
  readonly days?: number;
};

/** A server certificate for localhost and 127.0.0.1, signed by `ca`, written to `<prefix>.pem` and `<prefix>.key`. */
export const issueServerCertificate = async (
  ca: TestCa,
  prefix: string,
  options: IssueOptions = { subject: '/CN=localhost' },
): Promise<CertificateFiles> => {
  await run('bash', [
    certsScript,
    'server',
    ca.dir,
    prefix,
    options.subject,
    String(options.days ?? 30),
    'DNS:localhost,IP:127.0.0.1',
  ]);
  return { certFile: `${prefix}.pem`, keyFile: `${prefix}.key` };
};

/** A client certificate signed by `ca`, written to `<prefix>.pem` and `<prefix>.key`. */
export const issueClientCertificate = async (
  ca: TestCa,
  prefix: string,
  options: IssueOptions,
): Promise<CertificateFiles> => {
  await run('bash', [certsScript, 'client', ca.dir, prefix, options.subject, String(options.days ?? 30)]);
  return { certFile: `${prefix}.pem`, keyFile: `${prefix}.key` };
};
