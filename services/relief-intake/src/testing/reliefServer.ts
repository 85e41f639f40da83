import { randomBytes } from 'node:crypto';
import { createMongoDocumentStore } from '@carebridge/document-store-mongodb';
import { eventRegistry } from '@carebridge/event-schema';
import { createMongoEventStore, createMongoOutboxStorage } from '@carebridge/event-store-mongodb';
import { createGrpcServer } from '@carebridge/grpc-kit';
import { createTestClient, issueTestToken, testAuthOptions, type TestClient } from '@carebridge/grpc-kit/testing';
import { createKafkaBus, withTopicNamespace, type MessageBus } from '@carebridge/messaging';
import { createOutboxRelay, type OutboxRelay } from '@carebridge/outbox-relay';
import { createMongoKeyVault, createPersonalDataCipher, loadMasterKey } from '@carebridge/personal-data';
import { createProjectionRunner, type ProjectionRunner } from '@carebridge/projection-runner';
import { createLogger } from '@carebridge/telemetry';
import { kafkaBrokers, openTestDatabase, uniqueName } from '@carebridge/test-engines';
import * as divisions from '@carebridge/divisions';
import { createReliefCommands } from '../application/commands';
import { createReliefContext } from '../application/context';
import { createReliefIntakeService, RELIEF_INTAKE_SERVICE } from '../service';

export type Caller = { readonly sub: string; readonly roles: readonly string[]; readonly division: string };

/**
 * The relief service as production runs it, on the real engines: its own MongoDB (FerretDB) database, Kafka,
 * the kit's gRPC server on a free loopback port and, when asked, the outbox relay and the projection runners
 * (each under a consumer group of its own, since other test files share the broker).
 */
export const startReliefServer = async (options: {
  prefix: string;
  clock: () => Date;
  withKafka?: boolean;
  topics?: readonly string[];
}) => {
  const database = await openTestDatabase(options.prefix);
  const eventStore = await createMongoEventStore({ db: database.db, registry: eventRegistry });
  const documents = await createMongoDocumentStore({ db: database.db });
  const keyVault = await createMongoKeyVault({ db: database.db, masterKey: loadMasterKey({}) });
  // Topics of this server alone: a run never reads what an earlier run, or another clone's, left on the cluster.
  const bus: MessageBus = withTopicNamespace(
    createKafkaBus({ brokers: kafkaBrokers(), clientId: uniqueName(options.prefix) }),
    `${uniqueName(options.prefix)}.`,
  );
  const log = createLogger({ serviceName: 'relief-intake', level: process.env.LOG_LEVEL ?? 'warn' });
  const pseudonymKey = randomBytes(32);
  const runtime = createReliefIntakeService({
    eventStore,
    documents,
    keyVault,
    bus,
    clock: options.clock,
    pseudonymKey,
    log,
  });

  const server = createGrpcServer({
    serviceName: runtime.name,
    protoFiles: runtime.grpc.protoFiles,
    services: runtime.grpc.services,
    auth: testAuthOptions(),
    documents,
    port: 0,
    host: '127.0.0.1',
    httpPort: false,
    defaultMetrics: false,
    logger: log,
    ...(runtime.onDenied ? { onDenied: runtime.onDenied } : {}),
  });
  const { port } = await server.start();
  const address = `127.0.0.1:${port}`;

  let relay: OutboxRelay | undefined;
  const runners: ProjectionRunner[] = [];
  if (options.withKafka) {
    // Production topics come from the manifests; here the test makes the ones it publishes to.
    await bus.admin.ensureTopics((options.topics ?? []).map((topic) => ({ topic })));
    relay = createOutboxRelay({
      storage: createMongoOutboxStorage(database.db),
      publisher: bus.publisher,
      registry: eventRegistry,
      source: runtime.name,
      pollIntervalMs: 100,
    });
    relay.start();
    for (const projection of runtime.projections ?? []) {
      const runner = createProjectionRunner({
        bus,
        projection,
        groupId: uniqueName(projection.name),
        registry: eventRegistry,
        inbox: documents,
      });
      await runner.start();
      runners.push(runner);
    }
  }

  /** The application layer on the same stores and keys: for preparing many records without one RPC each. */
  const direct = () => {
    const ctx = createReliefContext({
      eventStore,
      documents,
      registry: eventRegistry,
      cipher: createPersonalDataCipher(keyVault),
      directory: divisions,
      clock: options.clock,
      personRefKey: pseudonymKey,
    });
    return { ctx, commands: createReliefCommands(ctx) };
  };

  const clients: TestClient[] = [];
  const clientFor = async (caller: Caller): Promise<TestClient> => {
    const client = createTestClient({
      address,
      protoFiles: runtime.grpc.protoFiles,
      service: RELIEF_INTAKE_SERVICE,
      token: await issueTestToken({ ...caller, expiresIn: 3600 }),
    });
    clients.push(client);
    return client;
  };

  return {
    address,
    bus,
    eventStore,
    documents,
    direct,
    clientFor,
    /** Records the projections have not processed yet, over all their topics. */
    intakeLag: async () => (await Promise.all(runners.map((r) => r.lag()))).reduce((sum, l) => sum + l.total, 0),
    async stop() {
      clients.forEach((c) => c.close());
      await server.stop(5_000);
      for (const runner of runners) await runner.stop();
      await relay?.stop();
      await bus.close();
      await eventStore.close();
      await documents.close();
      await keyVault.close();
      await database.dispose();
    },
  };
};

export type ReliefServer = Awaited<ReturnType<typeof startReliefServer>>;
