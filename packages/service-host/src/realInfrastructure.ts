import { MongoClient } from 'mongodb';
import { createMongoDocumentStore } from '@carebridge/document-store-mongodb';
import { createMongoEventStore, createMongoOutboxStorage } from '@carebridge/event-store-mongodb';
import { createKafkaBus, withTopicNamespace } from '@carebridge/messaging';
import { createOutboxRelay, type OutboxRelay } from '@carebridge/outbox-relay';
import { createMongoKeyVault } from '@carebridge/personal-data';
import { createLogger } from '@carebridge/telemetry';
import { resolvedSecrets } from './secrets';
import type { Infrastructure, RealInfrastructureConfig, ServiceDeps } from './types';

/** The key vault every service of one deployment shares (see RealInfrastructureConfig.keyVaultDatabase). */
export const DEFAULT_KEY_VAULT_DATABASE = 'carebridge_keys';

/** Hides credentials in a connection string before it is printed. */
export const redactUri = (uri: string): string => uri.replace(/\/\/[^@/\s]*@/g, '//***@');

/**
 * Production: the service's own MongoDB database (events, read models, outbox leases) and the deployment's one
 * key vault database, through the official driver, and Kafka. One service per process: its database is the only one opened.
 */
export const openRealInfrastructure = async (config: RealInfrastructureConfig): Promise<Infrastructure> => {
  const { masterKey, pseudonymKey, registry, clock } = resolvedSecrets(config);
  const client = await MongoClient.connect(config.mongodbUri, { appName: config.serviceName });
  try {
    const db = client.db(config.database);
    const eventStore = await createMongoEventStore({ db, registry });
    const documents = await createMongoDocumentStore({ db });
    const keyVault = await createMongoKeyVault({
      db: client.db(config.keyVaultDatabase ?? DEFAULT_KEY_VAULT_DATABASE),
      masterKey,
    });
    const bus = withTopicNamespace(
      createKafkaBus({
        brokers: config.kafkaBrokers,
        clientId: config.serviceName,
        ...(config.kafkaSecurity ? { security: config.kafkaSecurity } : {}),
      }),
      config.topicPrefix ?? '',
    );
    const log = createLogger({ serviceName: config.serviceName });
    const deps: ServiceDeps = { eventStore, documents, keyVault, bus, clock, pseudonymKey, log };
    const relays: OutboxRelay[] = [];
    const own = (serviceName: string): void => {
      if (serviceName !== config.serviceName) {
        throw new Error(
          `this process serves ${config.serviceName} (database ${config.database}); ${serviceName} runs in its own process`,
        );
      }
    };
    return {
      mode: 'real',
      bus,
      registry,
      describe: () =>
        `MongoDB ${redactUri(config.mongodbUri)} database ${config.database}, Kafka ${config.kafkaBrokers.join(',')} ` +
        `(${config.kafkaSecurity?.protocol ?? 'PLAINTEXT'})`,
      depsFor: (serviceName) => (own(serviceName), deps),
      startRelay(serviceName) {
        own(serviceName);
        const relay = createOutboxRelay({
          storage: createMongoOutboxStorage(db),
          publisher: bus.publisher,
          registry,
          source: serviceName,
          onError: (error) =>
            log.error({ errName: (error as Error).name, err: (error as Error).message }, 'outbox relay pass failed'),
        });
        relay.start();
        relays.push(relay);
        return relay;
      },
      async close() {
        await Promise.all(relays.map((r) => r.stop()));
        await bus.close();
        await eventStore.close();
        await documents.close();
        await keyVault.close();
        await client.close();
      },
    };
  } catch (error) {
    await client.close();
    throw error;
  }
};
