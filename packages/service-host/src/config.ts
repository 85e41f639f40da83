import * as path from 'node:path';
import { grpcTlsFromEnv } from '@carebridge/grpc-kit';
import { kafkaSecurityFromEnv } from '@carebridge/messaging';
import { loadMasterKey } from '@carebridge/personal-data';
import { hostAuthFromEnv } from './devAuth';
import { envValue } from './envValue';
import { publicHttpTlsFromEnv } from './publicHttpTls';
import { loadPseudonymKey } from './pseudonymKey';
import type { InfrastructureConfig, RunOptions } from './types';

/** Everything a service process needs, read from its environment (see README "Configuration"). */
export type HostConfig = InfrastructureConfig &
  RunOptions & {
    readonly serviceName: string;
    readonly production: boolean;
    /** True when tokens are checked against the public development secret (embedded / dev only). */
    readonly developmentAuth: boolean;
    readonly otlpEndpoint: string | undefined;
  };

/** gRPC ports of `npm start`; a container always gets GRPC_PORT from its environment. */
export const defaultGrpcPorts: Readonly<Record<string, number>> = {
  'relief-intake': 50051,
  hotline: 50052,
  'volunteer-dispatch': 50053,
  'service-catalog': 50054,
  projections: 50055,
};

const port = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65_535)
    throw new Error(`${name} must be a port number (0-65535); got ${JSON.stringify(raw)}`);
  return value;
};

const millis = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a whole number of milliseconds; got ${JSON.stringify(raw)}`);
  return value;
};

const cacheSeconds = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 86_400)
    throw new Error(`${name} must be a whole number of seconds from 0 to 86400; got ${JSON.stringify(raw)}`);
  return value;
};

/** `{ [key]: value }` when there is a value: optional settings stay absent rather than undefined. */
const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  value === undefined ? {} : ({ [key]: value } as Record<K, V>);

/** `relief-intake` → `carebridge_relief_intake`: one database per service. */
export const defaultDatabaseOf = (serviceName: string): string =>
  `carebridge_${serviceName.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`;

const infrastructureFromEnv = (
  serviceName: string,
  env: NodeJS.ProcessEnv,
  production: boolean,
): InfrastructureConfig => {
  const uri = envValue(env, 'MONGODB_URI');
  const brokers = envValue(env, 'KAFKA_BROKERS');
  if (uri && brokers) {
    const kafkaBrokers = brokers
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean);
    return {
      mode: 'real',
      serviceName,
      mongodbUri: uri,
      database: envValue(env, 'MONGODB_DATABASE') ?? defaultDatabaseOf(serviceName),
      ...(env.CAREBRIDGE_KEYVAULT_DATABASE ? { keyVaultDatabase: env.CAREBRIDGE_KEYVAULT_DATABASE } : {}),
      kafkaBrokers,
      kafkaSecurity: kafkaSecurityFromEnv(env),
    };
  }
  if (uri || brokers)
    throw new Error(
      `set both MONGODB_URI and KAFKA_BROKERS (or neither, for the embedded default); ${uri ? 'KAFKA_BROKERS' : 'MONGODB_URI'} is missing`,
    );
  if (production)
    throw new Error('NODE_ENV=production needs MONGODB_URI and KAFKA_BROKERS: the embedded default is for development');
  return { mode: 'embedded', dataDir: path.resolve(envValue(env, 'CAREBRIDGE_DATA_DIR') ?? '.data') };
};

/**
 * Reads GRPC_PORT, GRPC_TLS_*, HTTP_PORT, PUBLIC_HTTP_PORT, PUBLIC_HTTP_CACHE_SECONDS, PUBLIC_HTTP_TLS_*, MONGODB_URI (TLS
 * and credentials in the URI), MONGODB_DATABASE, CAREBRIDGE_KEYVAULT_DATABASE, KAFKA_BROKERS, KAFKA_SECURITY_PROTOCOL,
 * KAFKA_SSL_*, KAFKA_SASL_*, CAREBRIDGE_JWT_*,
 * CAREBRIDGE_MASTER_KEY, CAREBRIDGE_PSEUDONYM_KEY, OTEL_EXPORTER_OTLP_ENDPOINT, LOG_LEVEL, CAREBRIDGE_DATA_DIR,
 * SHUTDOWN_GRACE_MS, SHUTDOWN_DRAIN_DELAY_MS. Without MONGODB_URI and KAFKA_BROKERS it runs embedded (SQLite).
 */
export const configFromEnv = (serviceName: string, env: NodeJS.ProcessEnv = process.env): HostConfig => {
  const production = env.NODE_ENV === 'production';
  const infrastructure = infrastructureFromEnv(serviceName, env, production);
  const { auth, development } = hostAuthFromEnv(env, production);
  return {
    ...infrastructure,
    serviceName,
    production,
    masterKey: loadMasterKey(env),
    pseudonymKey: loadPseudonymKey(env),
    grpcPort: port(env, 'GRPC_PORT', defaultGrpcPorts[serviceName] ?? 50051),
    httpPort: port(env, 'HTTP_PORT', 8080),
    publicHttpPort: port(env, 'PUBLIC_HTTP_PORT', 8090),
    // How long a browser or CDN may reuse a public read-only list (the catalog's HSDS lists and map) without
    // asking again: a change to the public directory shows within this time, and repeated map loads stay off the
    // service. Personal or authenticated routes are never cached (no-store), whatever this says.
    publicHttpCacheSeconds: cacheSeconds(env, 'PUBLIC_HTTP_CACHE_SECONDS', 60),
    ...optional('publicHttpTls', publicHttpTlsFromEnv(env)),
    ...optional('grpcTls', grpcTlsFromEnv(env)),
    auth,
    developmentAuth: development,
    // Kubernetes keeps a pod 45 s after SIGTERM; finish well inside that.
    graceMs: millis(env, 'SHUTDOWN_GRACE_MS', 30_000),
    // Long enough for a readiness probe to see NOT_SERVING before the listener closes.
    drainDelayMs: millis(env, 'SHUTDOWN_DRAIN_DELAY_MS', production ? 3_000 : 0),
    logLevel: envValue(env, 'LOG_LEVEL') ?? 'info',
    otlpEndpoint: envValue(env, 'OTEL_EXPORTER_OTLP_ENDPOINT'),
  };
};
