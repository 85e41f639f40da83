import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import {
  createTestClient,
  issueTestToken,
  testAuthOptions,
  type CallOptions,
  type FixtureCaller,
  type TestClient,
} from '@carebridge/grpc-kit/testing';
import { masterKeyOf } from '@carebridge/personal-data';
import { openInfrastructure, runService, type Infrastructure, type RunningService } from '@carebridge/service-host';
import { kafkaBrokers, mongoUri, uniqueName } from '@carebridge/test-engines';
import { composition } from '../composition';

export type Engine = 'real' | 'embedded';

/** One composed service as the tests see it. */
export type SuiteService = {
  readonly name: string;
  readonly address: string;
  readonly protoFiles: readonly string[];
  /** Fully qualified names of the gRPC services it serves. */
  readonly grpcServices: readonly string[];
  readonly infra: Infrastructure;
  readonly running: RunningService;
};

export type RunningSuite = {
  readonly engine: Engine;
  readonly services: readonly SuiteService[];
  /** The service serving `carebridge.x.v1.Service`. */
  readonly serviceOf: (grpcService: string) => SuiteService;
  /** Calls `<grpc service>/<Method>` as `caller`; a fresh idempotency key unless options name one. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are read loosely by tests
  readonly call: (rpc: string, request: object, caller: FixtureCaller, options?: CallOptions) => Promise<any>;
  /** Commits in a service's event store: what a call changed, whatever the service. */
  readonly commitCount: (serviceName: string) => Promise<number>;
  readonly stop: () => Promise<void>;
};

/**
 * The suite's time: it starts inside the window of the relief programme the seeds describe (Jiangsu, 2020-07-01
 * to 2021-06-30), so that an application can be approved, and runs on from there at the wall clock's pace.
 */
const programmeTime = (start = Date.parse('2020-10-10T01:00:00.000Z')): (() => Date) => {
  const began = Date.now();
  return () => new Date(start + (Date.now() - began));
};

const quiet = (): void => {
  process.env.LOG_LEVEL ??= 'warn';
};

/** Commits in one store, counted through the store's own global read. */
const countCommits = async (infra: Infrastructure, serviceName: string): Promise<number> => {
  const store = infra.depsFor(serviceName).eventStore;
  let after = 0;
  let total = 0;
  for (;;) {
    const page = await store.readAll({ after, limit: 500 });
    total += page.commits.length;
    if (page.commits.length === 0 || page.checkpoint === after) return total;
    after = page.checkpoint;
  }
};

/**
 * Every service of `npm start`'s composition, started as the host runs it, on the embedded default (one process,
 * SQLite files in a fresh directory, the in-process bus) or on the real engines (each service on its own
 * database, one shared key vault, Kafka topics namespaced for this run).
 */
export const startSuite = async (engine: Engine): Promise<RunningSuite> => {
  quiet();
  const runId = uniqueName('suite');
  const masterKey = masterKeyOf(randomBytes(32));
  const pseudonymKey = randomBytes(32);
  const clock = programmeTime();
  const dataDir = engine === 'embedded' ? mkdtempSync(path.join(tmpdir(), 'carebridge-suite-')) : undefined;
  const shared =
    dataDir !== undefined
      ? await openInfrastructure({ mode: 'embedded', dataDir, masterKey, pseudonymKey, clock })
      : undefined;
  const keyVaultDatabase = `${runId}_keys`;
  const infras: Infrastructure[] = [];
  const services: SuiteService[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.all(services.map((s) => s.running.stop(2_000)));
    await Promise.all((shared ? [shared] : infras).map((i) => i.close()));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    for (const { name, create } of composition) {
      const infra =
        shared ??
        (await openInfrastructure({
          mode: 'real',
          serviceName: name,
          mongodbUri: mongoUri(),
          database: `${runId}_${name.replace(/-/g, '_')}`,
          keyVaultDatabase,
          kafkaBrokers: kafkaBrokers(),
          topicPrefix: `${runId}.`,
          masterKey,
          pseudonymKey,
          clock,
        }));
      if (!shared) infras.push(infra);
      const auth = testAuthOptions();
      const runtime = await create({ ...infra.depsFor(name), auth });
      const running = await runService(runtime, infra, {
        grpcPort: 0,
        httpPort: false,
        auth,
        host: '127.0.0.1',
        handleSignals: false,
        graceMs: 5_000,
      });
      services.push({
        name,
        address: `127.0.0.1:${running.grpcPort}`,
        protoFiles: runtime.grpc.protoFiles,
        grpcServices: Object.keys(runtime.grpc.services),
        infra,
        running,
      });
    }
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }

  const serviceOf = (grpcService: string): SuiteService => {
    const found = services.find((s) => s.grpcServices.includes(grpcService));
    if (!found) throw new Error(`no composed service serves ${grpcService}`);
    return found;
  };
  const clients = new Map<string, TestClient>();
  const clientFor = async (grpcService: string, caller: FixtureCaller): Promise<TestClient> => {
    const id = `${grpcService} ${caller.sub} ${caller.division} ${[...caller.roles].sort().join(',')}`;
    const cached = clients.get(id);
    if (cached) return cached;
    const service = serviceOf(grpcService);
    const token = await issueTestToken({ ...caller, expiresIn: 3_600 });
    const client = createTestClient({
      address: service.address,
      protoFiles: service.protoFiles,
      service: grpcService,
      token,
    });
    clients.set(id, client);
    return client;
  };

  return {
    engine,
    services,
    serviceOf,
    call: async (rpc, request, caller, options = {}) => {
      const [grpcService, method] = rpc.split('/');
      if (!grpcService || !method) throw new Error(`name an RPC as <service>/<Method>, not ${rpc}`);
      const client = await clientFor(grpcService, caller);
      return client.call(method, request, { idempotencyKey: randomUUID(), deadlineMs: 60_000, ...options });
    },
    commitCount: (serviceName) => {
      const service = services.find((s) => s.name === serviceName);
      if (!service) throw new Error(`no composed service ${serviceName}`);
      return countCommits(service.infra, serviceName);
    },
    stop: async () => {
      for (const client of clients.values()) client.close();
      await stopAll();
    },
  };
};

/** The status code of a failed call (grpc-js ServiceError), or undefined when it succeeded. */
export const codeOf = async (call: Promise<unknown>): Promise<grpc.status | undefined> => {
  try {
    await call;
    return undefined;
  } catch (err) {
    return (err as grpc.ServiceError).code;
  }
};
