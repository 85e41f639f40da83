import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import type { DocumentStore } from '@carebridge/document-store';
import { loadPackageDefinition, loadProtoRoot } from '@carebridge/proto';
import { createLogger, type Logger } from '@carebridge/telemetry';
import { createAuthenticator, type AuthOptions } from './auth';
import { wrapUnary } from './callHandler';
import { createHttpEndpoints } from './httpEndpoints';
import { createIdempotencyKeys, idempotencySettingsFromEnv, type IdempotencySettings } from './idempotency';
import { createRequestHygiene } from './requestHygiene';
import { assertRolesAgree, policyOf } from './rpcPolicy';
import { createInflightTracker } from './inflight';
import { createKitMetrics } from './metrics';
import { reflectionDefinition } from './reflectionDefinition';
import { agencyChannelCheck, serverCredentialsOf, type GrpcTlsSettings } from './transportSecurity';
import type { Drainable, OnDenied, ReadinessCheck, ServiceHandlers } from './types';

export type GrpcServerOptions = {
  /** The service's own name (logs, metrics, ErrorInfo.domain): `relief-intake`. */
  readonly serviceName: string;
  /** Proto files relative to packages/proto (`carebridge/relief/v1/relief_intake.proto`). */
  readonly protoFiles: readonly string[];
  /** Handlers by fully qualified service name: `{ 'carebridge.relief.v1.ReliefIntake': { SubmitApplication: unary(...) } }`. */
  readonly services: Readonly<Record<string, ServiceHandlers>>;
  readonly auth: AuthOptions;
  /** 0 picks a free port. */
  readonly port: number;
  /** Port of /livez, /readyz, /metrics; 0 picks a free port; false runs no HTTP endpoint. */
  readonly httpPort?: number | false;
  readonly host?: string;
  /** TLS or mTLS from files, reloaded when they change (GRPC_TLS_* settings); plaintext without. */
  readonly tls?: GrpcTlsSettings;
  /** Credentials made by the caller instead (tls wins when both are given). */
  readonly credentials?: grpc.ServerCredentials;
  readonly logger?: Logger;
  /** Audit hook: every UNAUTHENTICATED and PERMISSION_DENIED refusal, with who and why. */
  readonly onDenied?: OnDenied;
  /** How long health reports NOT_SERVING before the server stops accepting calls (lets balancers notice). */
  readonly drainDelayMs?: number;
  readonly defaultMetrics?: boolean;
  /** Where the kit keeps idempotency keys of write RPCs: the service's own read-model store. */
  readonly documents: DocumentStore;
  /** Retention and lease of idempotency keys; IDEMPOTENCY_* environment settings by default. */
  readonly idempotency?: IdempotencySettings;
};

export type StartedServer = { readonly port: number; readonly httpPort: number | undefined };

export type GrpcKitServer = {
  readonly start: () => Promise<StartedServer>;
  /** NOT_SERVING, stop accepting, wait for in-flight calls and drainables up to graceMs, then force. */
  readonly stop: (graceMs?: number) => Promise<void>;
  readonly registerReadiness: (name: string, check: ReadinessCheck) => void;
  readonly registerDrainable: (name: string, drainable: Drainable) => void;
  /** Reports one service (or '' for the whole server) as serving or not through grpc.health.v1. */
  readonly setServing: (service: string, serving: boolean) => void;
  /** prom-client registry behind /metrics: register the service's own metrics here. */
  readonly metrics: import('prom-client').Registry;
  readonly inflight: () => number;
};

const methodsOf = (definition: protoLoader.PackageDefinition, serviceName: string): grpc.ServiceDefinition => {
  const found = definition[serviceName];
  if (!found || 'format' in found || 'type' in found)
    throw new Error(`service ${serviceName} is not defined in the given proto files`);
  return found;
};

export const createGrpcServer = (options: GrpcServerOptions): GrpcKitServer => {
  const logger = options.logger ?? createLogger({ serviceName: options.serviceName });
  const definition = loadPackageDefinition(options.protoFiles);
  const inflight = createInflightTracker();
  const metrics = createKitMetrics({ defaultMetrics: options.defaultMetrics ?? true, inflight: () => inflight.size() });
  const idempotencySettings = options.idempotency ?? idempotencySettingsFromEnv();
  const deps = {
    domain: options.serviceName,
    authenticate: createAuthenticator(options.auth),
    onDenied: options.onDenied,
    logger,
    metrics,
    inflight,
    idempotency: createIdempotencyKeys(options.documents, idempotencySettings),
    channelCheck: options.tls?.mode === 'mtls' ? agencyChannelCheck(options.tls.agencyAttribute) : undefined,
  };
  const reloading = options.tls ? serverCredentialsOf(options.tls) : undefined;
  const credentials = reloading?.credentials ?? options.credentials ?? grpc.ServerCredentials.createInsecure();
  // Lapsed keys are deleted in bulk now and then, so the collection holds about one retention period of writes.
  let purging: NodeJS.Timeout | undefined;
  const purgeLapsedKeys = async (): Promise<void> => {
    try {
      while ((await deps.idempotency.purgeExpired()) > 0 && state === 'serving');
    } catch (err) {
      logger.warn({ errName: (err as Error).name }, 'idempotency key purge failed; next round retries');
    }
  };
  const root = loadProtoRoot(options.protoFiles);
  const server = new grpc.Server();
  const serviceNames = Object.keys(options.services);
  const health = new HealthImplementation(
    Object.fromEntries(['', ...serviceNames].map((s) => [s, 'NOT_SERVING' as const])),
  );
  const checks = new Map<string, ReadinessCheck>();
  const drainables = new Map<string, Drainable>();
  let state: 'created' | 'serving' | 'draining' | 'stopped' = 'created';

  for (const [serviceName, handlers] of Object.entries(options.services)) {
    const service = methodsOf(definition, serviceName);
    const implementation: grpc.UntypedServiceImplementation = {};
    const used = new Set<string>();
    const definitionFor: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
    for (const [name, method] of Object.entries(service)) {
      if (method.requestStream || method.responseStream)
        throw new Error(`${serviceName}/${name}: only unary methods are supported`);
      const key = handlers[name]
        ? name
        : method.originalName && handlers[method.originalName]
          ? method.originalName
          : undefined;
      const handler = key ? handlers[key] : undefined;
      if (!key || !handler) throw new Error(`${serviceName}/${name}: no handler given`);
      used.add(key);
      const rpc = `${serviceName}/${name}`;
      const policy = policyOf(rpc, method as never);
      assertRolesAgree(rpc, policy.roles, handler.roles);
      const requestType = root.lookupService(serviceName).methods[name]?.resolvedRequestType;
      if (!requestType) throw new Error(`${rpc}: request type not found in the proto root`);
      implementation[name] = wrapUnary(serviceName, name, handler, deps, {
        policy,
        cleanRequest: createRequestHygiene(requestType),
        serializeRequest: method.requestSerialize,
        serializeResponse: method.responseSerialize,
      });
      // Kept responses are sent as the bytes they were kept as.
      definitionFor[name] = {
        ...method,
        responseSerialize: (value: unknown) => (Buffer.isBuffer(value) ? value : method.responseSerialize(value)),
      };
    }
    const unknown = Object.keys(handlers).filter((k) => !used.has(k));
    if (unknown.length)
      throw new Error(`${serviceName}: handlers for methods the proto does not define: ${unknown.join(', ')}`);
    server.addService(definitionFor, implementation);
  }
  health.addToServer(server);
  // Reflection covers the services and grpc.health.v1, so grpcurl needs no .proto file for either.
  new ReflectionService(reflectionDefinition(options.protoFiles)).addToServer(server);

  const setAll = (s: 'SERVING' | 'NOT_SERVING'): void => ['', ...serviceNames].forEach((n) => health.setStatus(n, s));
  const http =
    options.httpPort === false
      ? undefined
      : createHttpEndpoints({ registry: metrics.registry, isReady: () => state === 'serving', checks });
  const host = options.host ?? '0.0.0.0';

  const bind = (): Promise<number> =>
    new Promise((resolve, reject) =>
      server.bindAsync(`${host}:${options.port}`, credentials, (err, port) => (err ? reject(err) : resolve(port))),
    );

  const stop = async (graceMs = 10_000): Promise<void> => {
    if (state === 'stopped' || state === 'draining') return;
    clearInterval(purging);
    const wasServing = state === 'serving';
    state = 'draining';
    setAll('NOT_SERVING');
    logger.info({ inflight: inflight.size(), graceMs }, 'draining');
    if (wasServing && options.drainDelayMs) await new Promise((r) => setTimeout(r, options.drainDelayMs));
    const drained = Promise.all([
      new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
      inflight.idle(),
      ...[...drainables].map(([name, d]) =>
        d
          .drain()
          .catch((err: unknown) => logger.error({ drainable: name, errName: (err as Error).name }, 'drain failed')),
      ),
    ]).then(() => 'drained' as const);
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => (timer = setTimeout(() => resolve('expired'), graceMs)));
    const outcome = await Promise.race([drained, expired]);
    clearTimeout(timer);
    if (outcome === 'expired') {
      logger.warn({ inflight: inflight.size() }, 'grace period over: aborting in-flight calls');
      inflight.abortAll('server shutting down');
      server.forceShutdown();
    }
    await http?.close();
    state = 'stopped';
    logger.info({ outcome }, 'stopped');
  };

  return {
    start: async () => {
      if (state !== 'created') throw new Error(`cannot start a server that is ${state}`);
      const port = await bind();
      // Reported serving only once the certificate is in place: until then grpc-js drops every connection.
      await reloading?.loaded();
      const httpPort = http
        ? await http.listen(typeof options.httpPort === 'number' ? options.httpPort : 0, host)
        : undefined;
      state = 'serving';
      setAll('SERVING');
      if (idempotencySettings.purgeIntervalMs > 0)
        purging = setInterval(() => void purgeLapsedKeys(), idempotencySettings.purgeIntervalMs).unref();
      logger.info({ port, httpPort, services: serviceNames, tls: options.tls?.mode ?? 'off' }, 'serving');
      return { port, httpPort };
    },
    stop,
    registerReadiness: (name, check) => void checks.set(name, check),
    registerDrainable: (name, drainable) => void drainables.set(name, drainable),
    setServing: (service, serving) => health.setStatus(service, serving ? 'SERVING' : 'NOT_SERVING'),
    metrics: metrics.registry,
    inflight: () => inflight.size(),
  };
};
