import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import Database from 'better-sqlite3';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import {
  createTestClient,
  issueTestToken,
  testAuthOptions,
  type CallOptions,
  type FixtureCaller,
  type TestClient,
} from '@carebridge/grpc-kit/testing';
import { totalLag } from '@carebridge/messaging';
import { masterKeyOf } from '@carebridge/personal-data';
import {
  openInfrastructure,
  runService,
  type Infrastructure,
  type RunningService,
  type ServiceRuntime,
} from '@carebridge/service-host';
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
  /** What the service composed (its jobs, and for the programmes their application layer). */
  readonly runtime: ServiceRuntime;
  readonly running: RunningService;
  /** Its own MongoDB database on the real engines; undefined on the embedded default (one SQLite file each). */
  readonly database: string | undefined;
  /** Its consumers: each a group `<service>.<projection>` on its topics. */
  readonly consumers: readonly { readonly groupId: string; readonly topics: readonly string[] }[];
};

/** One stored thing as it lies at rest, serialised: where it is, and its text. */
export type AtRest = { readonly where: string; readonly text: string };

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
  /** The embedded default's directory of SQLite files (a file per service, keys.sqlite, bus.sqlite). */
  readonly dataDir: string | undefined;
  /** What every Kafka topic of this run starts with (real), e.g. `suite-<run>.`; undefined on the embedded default. */
  readonly topicPrefix: string | undefined;
  /**
   * Every document of every collection of every service's database (real), or every row of every table of every
   * SQLite file but the bus's (embedded), as stored.
   */
  readonly storesAtRest: () => Promise<AtRest[]>;
  /**
   * Every record of every topic of this run, `.dlq` topics included: read from the beginning by a fresh consumer
   * through the bus (real), or the embedded bus file's rows (embedded).
   */
  readonly topicsAtRest: () => Promise<AtRest[]>;
  /** What the suite's consumers have not processed yet, summed over every group and partition. */
  readonly consumerLag: () => Promise<number>;
  /** Moves the clock every service of the run reads (deadlines, retention) ahead by `minutes`. */
  readonly advanceClock: (minutes: number) => void;
  readonly stop: () => Promise<void>;
};

/**
 * The suite's time: it starts inside the window of the relief programme the seeds describe (Jiangsu, 2020-07-01
 * to 2021-06-30), so that an application can be approved, and runs on from there at the wall clock's pace; a test
 * moves it ahead to see what time does (deadlines, retention).
 */
const programmeTime = (start = Date.parse('2020-10-10T01:00:00.000Z')) => {
  const began = Date.now();
  let moved = 0;
  return {
    now: () => new Date(start + moved + (Date.now() - began)),
    advanceMinutes: (minutes: number) => void (moved += minutes * 60_000),
  };
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

/** Buffers (SQLite blobs, Kafka values) as text, so a scan sees what they hold. */
const serialise = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => {
    if (
      v &&
      typeof v === 'object' &&
      (v as { type?: unknown }).type === 'Buffer' &&
      Array.isArray((v as { data?: unknown }).data)
    )
      return Buffer.from((v as { data: number[] }).data).toString('utf8');
    if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
    return v;
  });

/** Every row of every table of one SQLite file (one entry a row), read through a second, read-only connection. */
const sqliteAtRest = (file: string): AtRest[] => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[];
    return tables.flatMap(({ name }) =>
      db
        .prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`)
        .all()
        .map((row, i) => ({
          where: `${path.basename(file)}:${name}#${i}`,
          text: serialise(row),
        })),
    );
  } finally {
    db.close();
  }
};

/** Every document of every collection of the given MongoDB databases. */
const mongoAtRest = async (databases: readonly string[]): Promise<AtRest[]> => {
  const client = new MongoClient(mongoUri());
  try {
    await client.connect();
    const out: AtRest[] = [];
    for (const name of databases) {
      const db = client.db(name);
      for (const { name: collection } of await db.listCollections().toArray()) {
        out.push({
          where: `${name}.${collection}`,
          text: serialise(await db.collection(collection).find({}).toArray()),
        });
      }
    }
    return out;
  } finally {
    await client.close();
  }
};

/** The run's topics (names without the run's prefix), as the cluster lists them. */
const topicsOfRun = async (prefix: string): Promise<string[]> => {
  const admin = new Kafka({ clientId: 'suite-scan', brokers: [...kafkaBrokers()], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return (await admin.listTopics()).filter((t) => t.startsWith(prefix)).map((t) => t.slice(prefix.length));
  } finally {
    await admin.disconnect();
  }
};

/** Every record now on the bus's `topics`, read from the beginning by a fresh consumer group. */
const readTopics = async (bus: Infrastructure['bus'], topics: readonly string[]): Promise<AtRest[]> => {
  const remaining = new Map<string, number>(); // `${topic}/${partition}` → high watermark still to reach
  for (const topic of topics)
    for (const p of await bus.admin.topicOffsets(topic))
      if (p.high > p.low) remaining.set(`${topic}/${p.partition}`, p.high);
  const out: AtRest[] = [];
  if (remaining.size === 0) return out;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const subscription = await bus.subscribe({
    groupId: `suite-scan-${randomUUID()}`,
    topics: [...topics],
    fromBeginning: true,
    eachBatch: async (batch) => {
      for (const r of batch.records) {
        out.push({
          where: `${r.topic}/${r.partition}@${r.offset}`,
          text: serialise({ ...r, value: r.value.toString('utf8') }),
        });
        const key = `${r.topic}/${r.partition}`;
        if (remaining.has(key) && Number(r.offset) + 1 >= remaining.get(key)!) remaining.delete(key);
      }
      if (remaining.size === 0) done();
      await Promise.resolve();
    },
  });
  const timeout = setTimeout(done, 120_000);
  await finished;
  clearTimeout(timeout);
  await subscription.stop();
  if (remaining.size > 0) throw new Error(`could not read to the end of ${[...remaining.keys()].join(', ')}`);
  return out;
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
  const time = programmeTime();
  const clock = time.now;
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
      const database = shared ? undefined : `${runId}_${name.replace(/-/g, '_')}`;
      const infra =
        shared ??
        (await openInfrastructure({
          mode: 'real',
          serviceName: name,
          mongodbUri: mongoUri(),
          database: database!,
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
        runtime,
        running,
        database,
        consumers: (runtime.projections ?? []).map((p) => ({ groupId: `${name}.${p.name}`, topics: p.topics })),
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
    dataDir,
    topicPrefix: dataDir === undefined ? `${runId}.` : undefined,
    storesAtRest: async () =>
      dataDir !== undefined
        ? readdirSync(dataDir)
            .filter((f) => f.endsWith('.sqlite') && f !== 'bus.sqlite')
            .flatMap((f) => sqliteAtRest(path.join(dataDir, f)))
        : mongoAtRest([...services.map((s) => s.database!), keyVaultDatabase]),
    topicsAtRest: async () =>
      dataDir !== undefined
        ? sqliteAtRest(path.join(dataDir, 'bus.sqlite'))
        : readTopics(services[0]!.infra.bus, await topicsOfRun(`${runId}.`)),
    consumerLag: async () => {
      let lag = 0;
      for (const service of services)
        for (const { groupId, topics } of service.consumers)
          lag += totalLag(await service.infra.bus.admin.lag(groupId, topics));
      return lag;
    },
    advanceClock: time.advanceMinutes,
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
