import type { Express } from 'express';
import type { DocumentStore } from '@carebridge/document-store';
import type { EventRegistry } from '@carebridge/event-schema';
import type { EventStore } from '@carebridge/event-store';
import type { AuthOptions, GrpcTlsSettings, OnDenied, ServiceHandlers } from '@carebridge/grpc-kit';
import type { KafkaSecurity, MessageBus } from '@carebridge/messaging';
import type { OutboxRelay } from '@carebridge/outbox-relay';
import type { KeyVault, MasterKey } from '@carebridge/personal-data';
import type { Projection } from '@carebridge/projection-runner';
import type { Logger } from '@carebridge/telemetry';
import type { PublicRouteInfo } from './publicHttp';
import type { PublicHttpTls } from './publicHttpTls';

/** What a service factory (`create<Name>Service`) receives. */
export type ServiceDeps = {
  /** Raw store (MongoDB or SQLite); the service seals personal fields itself. */
  readonly eventStore: EventStore;
  /** Read models (MongoDB or SQLite). */
  readonly documents: DocumentStore;
  readonly keyVault: KeyVault;
  /** Kafka or embedded; consumers go through the projection runner. */
  readonly bus: MessageBus;
  /** Injectable so tests can move time. */
  readonly clock: () => Date;
  /** Keyed-hash key for personRef and analytics pseudonyms. */
  readonly pseudonymKey: Buffer;
  /** Redacting logger of this service. */
  readonly log: Logger;
  /** How the host verifies tokens, for a service's own HTTP API (set by main.ts and the suite; gRPC is checked by the kit). */
  readonly auth?: AuthOptions;
};

/** A background task of a service (deadline watcher, offer timeouts ...). */
/** What the host gives a job when it starts it: where a failed pass is reported (logged by name, never by data). */
export type JobContext = { readonly reportError: (error: unknown) => void };

export type Job = { readonly name: string; start(context: JobContext): void; stop(): Promise<void> };

/** What a service factory returns: everything the host runs for it. */
export type ServiceRuntime = {
  readonly name: string;
  readonly grpc: {
    readonly protoFiles: readonly string[];
    readonly services: Readonly<Record<string, ServiceHandlers>>;
  };
  /** Audits refusals (UNAUTHENTICATED / PERMISSION_DENIED). */
  readonly onDenied?: OnDenied;
  /** Optional public HTTP API, mounted on PUBLIC_HTTP_PORT. */
  readonly http?: (app: Express) => void;
  /** Consumers of other services' events. */
  readonly projections?: readonly Projection[];
  readonly jobs?: readonly Job[];
  /** Demo data for `npm start`; must be idempotent. */
  readonly seed?: () => Promise<void>;
  readonly readiness?: () => Promise<boolean>;
};

export type ServiceFactory = (deps: ServiceDeps) => ServiceRuntime | Promise<ServiceRuntime>;

/** Keys every infrastructure needs; configFromEnv fills them, tests may pass their own. */
export type InfrastructureSecrets = {
  readonly masterKey?: MasterKey;
  readonly pseudonymKey?: Buffer;
  /** Events the stores accept; the suite's registry (every programme) by default. */
  readonly registry?: EventRegistry;
  readonly clock?: () => Date;
};

export type RealInfrastructureConfig = InfrastructureSecrets & {
  readonly mode: 'real';
  /** The one service whose database this process opens (one database per service). */
  readonly serviceName: string;
  readonly mongodbUri: string;
  readonly database: string;
  /**
   * One key vault for the whole deployment, shared by every service (like a KMS): a person's data key seals
   * their fields wherever a referral carries them, and destroying it erases them in every programme at once.
   */
  readonly keyVaultDatabase?: string;
  readonly kafkaBrokers: readonly string[];
  /** TLS and SASL/SCRAM towards the brokers (KAFKA_SECURITY_PROTOCOL ...); plaintext when absent. */
  readonly kafkaSecurity?: KafkaSecurity;
  /** Namespace of every topic and consumer group on a shared cluster (each test run has its own); none by default. */
  readonly topicPrefix?: string;
};

export type EmbeddedInfrastructureConfig = InfrastructureSecrets & {
  readonly mode: 'embedded';
  /** SQLite files live here: `<service>.sqlite` (events + read models), `keys.sqlite` (one vault for all), `bus.sqlite`. */
  readonly dataDir: string;
};

export type InfrastructureConfig = RealInfrastructureConfig | EmbeddedInfrastructureConfig;

export type Infrastructure = {
  readonly mode: InfrastructureConfig['mode'];
  readonly bus: MessageBus;
  readonly registry: EventRegistry;
  /** Where it keeps its data, for people reading the start-up banner. */
  readonly describe: () => string;
  /** The service's own stores (opened on first call for the embedded default), the shared bus, clock and keys. */
  depsFor(serviceName: string): ServiceDeps;
  /** Starts the outbox relay that publishes this service's store to the bus. */
  startRelay(serviceName: string): OutboxRelay;
  /** Closes the bus, every store and the connections under them. */
  close(): Promise<void>;
};

export type RunOptions = {
  readonly grpcPort: number;
  /** Kit HTTP port (/livez, /readyz, /metrics); false runs none. */
  readonly httpPort: number | false;
  /** Public HTTP port for runtime.http; ignored when the runtime has none. */
  readonly publicHttpPort?: number;
  /** max-age (seconds) of the public HTTP routes declared 'public' (PUBLIC_HTTP_CACHE_SECONDS; 60 by default). */
  readonly publicHttpCacheSeconds?: number;
  /** HTTPS on the public port from files (PUBLIC_HTTP_TLS_*); plain HTTP behind an ingress when absent. */
  readonly publicHttpTls?: PublicHttpTls;
  /** TLS or mTLS of the gRPC port (GRPC_TLS_*); plaintext when absent. */
  readonly grpcTls?: GrpcTlsSettings;
  readonly auth: AuthOptions;
  readonly host?: string;
  /** Total time SIGTERM may take before the process gives up (exit 1). */
  readonly graceMs?: number;
  /** How long health reports NOT_SERVING before the server stops accepting (lets balancers notice). */
  readonly drainDelayMs?: number;
  /** Installs SIGTERM/SIGINT handlers that stop, close the infrastructure and exit (default true). */
  readonly handleSignals?: boolean;
  readonly logLevel?: string;
};

export type RunningService = {
  readonly name: string;
  readonly grpcPort: number;
  readonly httpPort: number | undefined;
  readonly publicHttpPort: number | undefined;
  /** The routes of its public HTTP app with what each declares (none without a public app). */
  readonly publicRoutes: readonly PublicRouteInfo[];
  /** NOT_SERVING, drain in-flight calls, flush and stop the relay, stop projections and jobs. Leaves infra open. */
  stop(graceMs?: number): Promise<void>;
};
