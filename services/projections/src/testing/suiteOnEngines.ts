import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createMongoDocumentStore } from '@carebridge/document-store-mongodb';
import { createMongoEventStore, createMongoOutboxStorage } from '@carebridge/event-store-mongodb';
import { createGrpcServer } from '@carebridge/grpc-kit';
import { createTestClient, issueTestToken, testAuthOptions, type TestClient } from '@carebridge/grpc-kit/testing';
import { createOutboxRelay } from '@carebridge/outbox-relay';
import { createProjectionRunner } from '@carebridge/projection-runner';
import { createLogger } from '@carebridge/telemetry';
import { openTestDatabase, uniqueName } from '@carebridge/test-engines';
import { startHotlineServer, type Caller, type HotlineServer } from '../../../hotline/src/testing/hotlineServer';
import { createReliefIntakeService, RELIEF_INTAKE_SERVICE } from '../../../relief-intake/src/service';
import { PROJECTIONS_SERVICE } from '../api/grpcHandlers';
import { createProjectionsService, type ProjectionsRuntime } from '../service';

const log = (serviceName: string) => createLogger({ serviceName, level: process.env.LOG_LEVEL ?? 'warn' });

/** Relief intake as the host runs it: kit gRPC server, relay, referral intake, on the hotline's broker and vault. */
const startRelief = async (hotline: HotlineServer) => {
  const database = await openTestDatabase('pj_relief');
  const documents = await createMongoDocumentStore({ db: database.db });
  const runtime = createReliefIntakeService({
    eventStore: await createMongoEventStore({ db: database.db, registry: hotline.registry, clock: hotline.clock.now }),
    documents,
    keyVault: hotline.keyVault,
    bus: hotline.bus,
    clock: hotline.clock.now,
    pseudonymKey: randomBytes(32),
    log: log('relief-intake'),
  });
  const topics = new Set(hotline.registry.definitions.filter((d) => d.type.startsWith('relief.')).map((d) => d.topic));
  await hotline.bus.admin.ensureTopics([...topics].map((topic) => ({ topic })));
  const relay = createOutboxRelay({
    storage: createMongoOutboxStorage(database.db),
    publisher: hotline.bus.publisher,
    registry: hotline.registry,
    source: runtime.name,
    pollIntervalMs: 100,
  });
  relay.start();
  const referrals = hotline.registry.latest('referral.Requested')!.topic;
  const runners = (runtime.projections ?? []).map((projection) =>
    createProjectionRunner({
      bus: hotline.bus,
      projection: { ...projection, topics: [referrals] },
      groupId: uniqueName(projection.name),
      registry: hotline.registry,
      inbox: documents,
    }),
  );
  for (const runner of runners) await runner.start();
  const server = createGrpcServer({
    serviceName: runtime.name,
    protoFiles: runtime.grpc.protoFiles,
    services: runtime.grpc.services,
    auth: testAuthOptions(),
    documents,
    port: 0,
    httpPort: false,
    host: '127.0.0.1',
    defaultMetrics: false,
  });
  const { port } = await server.start();
  return {
    protoFiles: runtime.grpc.protoFiles,
    address: `127.0.0.1:${port}`,
    /** Relief's own database (commits, outbox, read models), for tests that look at what it stores. */
    db: database.db,
    async stop() {
      await server.stop(1_000);
      await Promise.all(runners.map((r) => r.stop()));
      await relay.stop();
      await database.dispose();
    },
  };
};

/** The projections service on its own database, reading the run's topics (suffixed like the hotline's). */
const startProjections = async (hotline: HotlineServer, analyticsOf: readonly string[]) => {
  const database = await openTestDatabase('pj_views');
  const documents = await createMongoDocumentStore({ db: database.db });
  const runtime = createProjectionsService({
    documents,
    keyVault: hotline.keyVault,
    bus: hotline.bus,
    pseudonymKey: randomBytes(32),
    log: log('projections'),
    topicSuffix: `.${hotline.runId}`,
    analyticsOf,
    auth: testAuthOptions(),
  });
  const server = createGrpcServer({
    serviceName: runtime.name,
    protoFiles: runtime.grpc.protoFiles,
    services: runtime.grpc.services,
    auth: testAuthOptions(),
    documents,
    port: 0,
    httpPort: false,
    host: '127.0.0.1',
    defaultMetrics: false,
  });
  const { port } = await server.start();
  const app = express();
  runtime.http(app);
  const http = app.listen(0, '127.0.0.1');
  await new Promise((r) => http.once('listening', r));
  for (const job of runtime.jobs) job.start();
  await runtime.readModels.start();
  return {
    runtime,
    database: database,
    address: `127.0.0.1:${port}`,
    httpBase: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    async stop() {
      await server.stop(1_000);
      await new Promise((r) => http.close(r));
      await Promise.all(runtime.jobs.map((j) => j.stop()));
      await database.dispose();
    },
  };
};

export type SuiteOnEngines = {
  readonly hotline: HotlineServer;
  readonly projections: Awaited<ReturnType<typeof startProjections>>;
  readonly runtime: ProjectionsRuntime;
  /** Relief intake's database, raw: what it stores at rest. */
  readonly reliefDb: Awaited<ReturnType<typeof startRelief>>['db'];
  hotlineClient(caller: Caller): Promise<TestClient>;
  reliefClient(caller: Caller): Promise<TestClient>;
  projectionsClient(caller: Caller): Promise<TestClient>;
  token(caller: Caller): Promise<string>;
  stop(): Promise<void>;
};

/** Hotline, relief intake and projections on the real engines, wired through Kafka as in production. */
export const startSuiteOnEngines = async (
  prefix: string,
  analyticsOf: readonly string[],
  start: string,
): Promise<SuiteOnEngines> => {
  const hotline = await startHotlineServer(prefix, { start });
  const relief = await startRelief(hotline);
  const projections = await startProjections(hotline, analyticsOf);
  const clients: TestClient[] = [];
  const token = (caller: Caller) => issueTestToken({ ...caller, expiresIn: 3600 });
  const client = async (address: string, protoFiles: readonly string[], service: string, caller: Caller) => {
    const c = createTestClient({ address, protoFiles, service, token: await token(caller) });
    clients.push(c);
    return c;
  };
  return {
    hotline,
    projections,
    runtime: projections.runtime,
    reliefDb: relief.db,
    hotlineClient: (caller) => hotline.clientFor(caller),
    reliefClient: (caller) => client(relief.address, relief.protoFiles, RELIEF_INTAKE_SERVICE, caller),
    projectionsClient: (caller) =>
      client(projections.address, projections.runtime.grpc.protoFiles, PROJECTIONS_SERVICE, caller),
    token,
    async stop() {
      clients.forEach((c) => c.close());
      await projections.stop();
      await relief.stop();
      await hotline.stop();
    },
  };
};
