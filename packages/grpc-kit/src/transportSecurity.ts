import { readFileSync } from 'node:fs';
import { createSecureContext, type PeerCertificate } from 'node:tls';
import { experimental, type ServerCredentials, type ServerUnaryCall } from '@grpc/grpc-js';

/**
 * TLS of the gRPC port. `tls`: the server proves who it is; `mtls`: callers must also present a certificate issued
 * by the CA bundle, and the agency it names must be the agency of the caller's token.
 */
export type GrpcTlsSettings = {
  readonly mode: 'tls' | 'mtls';
  /** PEM certificate chain of the server (leaf first). */
  readonly certFile: string;
  /** PEM private key of that certificate. */
  readonly keyFile: string;
  /** PEM bundle of the CAs that issue client certificates; required for mtls. */
  readonly caFile?: string;
  /** How often the files are read again; a renewed certificate is served from the next handshake on. */
  readonly reloadIntervalMs: number;
  /** The client certificate's subject attribute that names the agency (`CN` unless configured). */
  readonly agencyAttribute: string;
};

/** Reloads within a minute: the kubelet refreshes a mounted Secret within about as long. */
export const DEFAULT_TLS_RELOAD_MS = 60_000;
export const DEFAULT_AGENCY_ATTRIBUTE = 'CN';
const ATTRIBUTES = ['CN', 'O', 'OU', 'L', 'ST', 'C'] as const;

/** An empty setting means "not set", as everywhere in the host. */
const setting = (env: NodeJS.ProcessEnv, name: string): string | undefined => {
  const value = env[name];
  return value === '' ? undefined : value;
};

const required = (env: NodeJS.ProcessEnv, name: string, mode: string): string => {
  const value = setting(env, name);
  if (!value) throw new Error(`GRPC_TLS_MODE=${mode} needs ${name}`);
  return value;
};

/**
 * GRPC_TLS_MODE (off | tls | mtls; off by default), GRPC_TLS_CERT_FILE, GRPC_TLS_KEY_FILE, GRPC_TLS_CA_FILE (mtls),
 * GRPC_TLS_RELOAD_SECONDS (60), GRPC_TLS_AGENCY_ATTRIBUTE (CN). Undefined when TLS is off.
 */
export const grpcTlsFromEnv = (env: NodeJS.ProcessEnv = process.env): GrpcTlsSettings | undefined => {
  const mode = setting(env, 'GRPC_TLS_MODE') ?? 'off';
  if (mode === 'off') return undefined;
  if (mode !== 'tls' && mode !== 'mtls') throw new Error(`GRPC_TLS_MODE must be off, tls or mtls; got ${mode}`);
  const reload = setting(env, 'GRPC_TLS_RELOAD_SECONDS');
  const seconds = reload === undefined ? DEFAULT_TLS_RELOAD_MS / 1000 : Number(reload);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86_400)
    throw new Error('GRPC_TLS_RELOAD_SECONDS must be a whole number of seconds from 1 to 86400');
  const attribute = setting(env, 'GRPC_TLS_AGENCY_ATTRIBUTE') ?? DEFAULT_AGENCY_ATTRIBUTE;
  if (!(ATTRIBUTES as readonly string[]).includes(attribute))
    throw new Error(`GRPC_TLS_AGENCY_ATTRIBUTE must be one of ${ATTRIBUTES.join(', ')}; got ${attribute}`);
  return {
    mode,
    certFile: required(env, 'GRPC_TLS_CERT_FILE', mode),
    keyFile: required(env, 'GRPC_TLS_KEY_FILE', mode),
    ...(mode === 'mtls' ? { caFile: required(env, 'GRPC_TLS_CA_FILE', mode) } : {}),
    reloadIntervalMs: seconds * 1000,
    agencyAttribute: attribute,
  };
};

/** Fails at start, naming the file, rather than dropping every connection later for want of a usable key pair. */
const checkFiles = (settings: GrpcTlsSettings): void => {
  const read = (what: string, file: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new Error(`gRPC TLS: cannot read the ${what} ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, {
        cause: err,
      });
    }
  };
  const cert = read('certificate', settings.certFile);
  const key = read('private key', settings.keyFile);
  const ca = settings.caFile ? read('CA bundle', settings.caFile) : undefined;
  try {
    createSecureContext({ cert, key, ...(ca ? { ca } : {}) });
  } catch (err) {
    throw new Error(`gRPC TLS: the certificate, key or CA bundle is unusable: ${(err as Error).message}`, {
      cause: err,
    });
  }
};

/** Server credentials that follow their files, and a way to wait until the files have been read. */
export type ReloadingCredentials = {
  readonly credentials: ServerCredentials;
  /**
   * Resolves once the server holds the certificate (and CA bundle): grpc-js reads the files asynchronously after
   * bind and drops connections until then. Call it after bind, so that the server's own listeners are ahead of its
   * own. Rejects when a file cannot be read.
   */
  readonly loaded: () => Promise<void>;
};

/**
 * Server credentials that grpc-js keeps current: its FileWatcherCertificateProvider re-reads the files every
 * reloadIntervalMs and the server swaps its secure context, so renewed certificates need no restart. Write the
 * files together (a Kubernetes Secret volume swaps them at once): a key read with the other certificate is refused
 * and connections wait for the next read.
 */
export const serverCredentialsOf = (settings: GrpcTlsSettings): ReloadingCredentials => {
  if (settings.mode === 'mtls' && !settings.caFile) throw new Error('gRPC mTLS needs a CA bundle (caFile)');
  checkFiles(settings);
  const mtls = settings.mode === 'mtls';
  const provider = new experimental.FileWatcherCertificateProvider({
    certificateFile: settings.certFile,
    privateKeyFile: settings.keyFile,
    ...(mtls ? { caCertificateFile: settings.caFile } : {}),
    refreshIntervalMs: settings.reloadIntervalMs,
  });
  // grpc-js 1.14 names the parameters (ca, identity) but uses them as (identity, ca): the identity provider goes
  // first. In mtls one provider serves both; the TLS-only test fails if a release swaps them back.
  const credentials = experimental.createCertificateProviderServerCredentials(provider, mtls ? provider : null, mtls);
  const loaded = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      let identity = false;
      let ca = !mtls;
      const done = (error?: Error): void => {
        provider.removeIdentityCertificateListener(onIdentity);
        provider.removeCaCertificateListener(onCa);
        if (error) reject(error);
        else resolve();
      };
      const unreadable = (): Error => new Error('gRPC TLS: the certificate, key or CA bundle could not be read');
      // Listeners are called in the order they were added (identity ones before CA ones): the server's come first.
      const onIdentity = (update: unknown): void => {
        if (update === null) return done(unreadable());
        identity = true;
        if (ca) done();
      };
      const onCa = (update: unknown): void => {
        if (update === null) return done(unreadable());
        ca = true;
        if (identity) done();
      };
      provider.addIdentityCertificateListener(onIdentity);
      if (mtls) provider.addCaCertificateListener(onCa);
    });
  return { credentials, loaded };
};

/** Why a caller's channel and token disagree, or undefined when they agree. */
export type ChannelCheck = (
  call: ServerUnaryCall<unknown, unknown>,
  tokenAgency: string | undefined,
) => string | undefined;

const attributeOf = (cert: PeerCertificate | undefined, attribute: string): string | undefined => {
  const value: unknown = (cert?.subject as unknown as Record<string, unknown> | undefined)?.[attribute];
  // An attribute given twice names two agencies: neither is taken.
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/**
 * In mTLS the verified client certificate names the agency (its subject's `attribute`), and the token must carry
 * the same agency in its `agency` claim: a token copied to another agency's system is refused there.
 */
export const agencyChannelCheck =
  (attribute: string): ChannelCheck =>
  (call, tokenAgency) => {
    const certAgency = attributeOf(call.getAuthContext().sslPeerCertificate, attribute);
    if (!certAgency) return `the client certificate's subject names no agency (${attribute})`;
    if (tokenAgency === undefined) return 'the token has no agency claim, which mTLS requires';
    if (tokenAgency !== certAgency) return "the token's agency is not the agency of the client certificate";
    return undefined;
  };
