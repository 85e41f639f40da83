import { startTelemetry, createLogger } from '@carebridge/telemetry';

// Telemetry first: its require hooks only see modules loaded after it.
const telemetry = startTelemetry({ serviceName: 'hotline' });

import { MongoClient } from 'mongodb';
import { createMongoDocumentStore } from '@carebridge/document-store-mongodb';
import { eventRegistry } from '@carebridge/event-schema';
import { createMongoEventStore, createMongoOutboxStorage } from '@carebridge/event-store-mongodb';
import { authFromEnv } from '@carebridge/grpc-kit';
import { createKafkaBus } from '@carebridge/messaging';
import { createMongoKeyVault, loadMasterKey } from '@carebridge/personal-data';
import { runHotline } from './runHotline';
import { createHotlineService } from './service';

/** Production entry: MongoDB (MONGODB_URI, MONGODB_DATABASE) and Kafka (KAFKA_BROKERS); ports GRPC_PORT, HTTP_PORT. */
const main = async (env = process.env): Promise<void> => {
  const log = createLogger({ serviceName: 'hotline', level: env.LOG_LEVEL ?? 'info' });
  const client = await new MongoClient(env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/').connect();
  const db = client.db(env.MONGODB_DATABASE ?? 'carebridge_hotline');
  const bus = createKafkaBus({ brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), clientId: 'hotline' });
  const documents = await createMongoDocumentStore({ db });
  const runtime = createHotlineService({
    eventStore: await createMongoEventStore({ db, registry: eventRegistry }),
    documents,
    keyVault: await createMongoKeyVault({ db, masterKey: loadMasterKey(env) }),
    bus,
    clock: () => new Date(),
    log,
  });
  const running = await runHotline(runtime, {
    outbox: createMongoOutboxStorage(db),
    bus,
    registry: eventRegistry,
    documents,
    auth: authFromEnv(env),
    grpcPort: Number(env.GRPC_PORT ?? 50052),
    httpPort: Number(env.HTTP_PORT ?? 9464),
    logger: log,
  });
  log.info({ port: running.port }, 'hotline serving');
  const shutdown = async (): Promise<void> => {
    await running.stop(Number(env.SHUTDOWN_GRACE_MS ?? 10_000));
    await bus.close();
    await client.close();
    await telemetry.flush();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
};

main().catch((err: unknown) => {
  process.stderr.write(`hotline failed to start: ${err instanceof Error ? err.name : 'error'}\n`);
  process.exit(1);
});
