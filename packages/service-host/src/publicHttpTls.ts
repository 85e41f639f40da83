import { readFileSync } from 'node:fs';
import type * as https from 'node:https';
import { envValue } from './envValue';

/**
 * TLS of the public HTTP port, for deployments without an ingress that terminates it. The files are read again
 * every reloadIntervalMs and a changed pair is served from the next handshake on; a pair that does not load is
 * reported and the one in use is kept.
 */
export type PublicHttpTls = {
  readonly certFile: string;
  readonly keyFile: string;
  readonly reloadIntervalMs: number;
};

/** PUBLIC_HTTP_TLS_CERT_FILE + PUBLIC_HTTP_TLS_KEY_FILE (both or neither), PUBLIC_HTTP_TLS_RELOAD_SECONDS (60). */
export const publicHttpTlsFromEnv = (env: NodeJS.ProcessEnv): PublicHttpTls | undefined => {
  const certFile = envValue(env, 'PUBLIC_HTTP_TLS_CERT_FILE');
  const keyFile = envValue(env, 'PUBLIC_HTTP_TLS_KEY_FILE');
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile)
    throw new Error('set both PUBLIC_HTTP_TLS_CERT_FILE and PUBLIC_HTTP_TLS_KEY_FILE, or neither');
  const raw = envValue(env, 'PUBLIC_HTTP_TLS_RELOAD_SECONDS');
  const seconds = raw === undefined ? 60 : Number(raw);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86_400)
    throw new Error('PUBLIC_HTTP_TLS_RELOAD_SECONDS must be a whole number of seconds from 1 to 86400');
  return { certFile, keyFile, reloadIntervalMs: seconds * 1000 };
};

type Pair = { cert: Buffer; key: Buffer };
const readPair = (tls: PublicHttpTls): Pair => ({ cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) });

/** The first key pair (a failure here stops the start) and a reloader to run once the server exists. */
export const publicTlsPair = (
  tls: PublicHttpTls,
): { readonly first: Pair; readonly watch: (server: https.Server, onError: (err: Error) => void) => () => void } => {
  const first = readPair(tls);
  return {
    first,
    watch: (server, onError) => {
      let current = first;
      const timer = setInterval(() => {
        try {
          const next = readPair(tls);
          if (next.cert.equals(current.cert) && next.key.equals(current.key)) return;
          server.setSecureContext(next);
          current = next;
        } catch (err) {
          onError(err as Error);
        }
      }, tls.reloadIntervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
};
