import * as fs from 'node:fs';
import * as path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { createSqliteDocumentStore } from '@carebridge/document-store-sqlite';
import { createEventStore } from '@carebridge/event-store';
import { createSqliteEventStorage, createSqliteOutboxStorage } from '@carebridge/event-store-sqlite';
import { createEmbeddedBus } from '@carebridge/messaging';
import { createOutboxRelay, type OutboxRelay } from '@carebridge/outbox-relay';
import { createSqliteKeyVault } from '@carebridge/personal-data';
import { createLogger } from '@carebridge/telemetry';
import { resolvedSecrets } from './secrets';
import type { EmbeddedInfrastructureConfig, Infrastructure, ServiceDeps } from './types';

type Opened = { readonly deps: ServiceDeps; readonly db: Database; readonly relays: OutboxRelay[] };

const SERVICE_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * The embedded default: per service one SQLite file for its events and read models; one key vault file shared by
 * every service (kept apart so erasing a key never touches a data file; shared so a referral's sealed fields open
 * in the programme that receives it); and one bus file every relay publishes into.
 */
export const openEmbeddedInfrastructure = (config: EmbeddedInfrastructureConfig): Infrastructure => {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const { masterKey, pseudonymKey, registry, clock } = resolvedSecrets(config);
  const busLog = createLogger({ serviceName: 'embedded-bus' });
  const bus = createEmbeddedBus({
    path: path.join(config.dataDir, 'bus.sqlite'),
    pollIntervalMs: 100,
    onError: (error, where) =>
      busLog.warn({ ...where, errName: (error as Error).name }, 'consumer batch failed; redelivering'),
  });
  const services = new Map<string, Opened>();
  const keyVault = createSqliteKeyVault({ filename: path.join(config.dataDir, 'keys.sqlite'), masterKey });

  const open = (serviceName: string): Opened => {
    const known = services.get(serviceName);
    if (known) return known;
    if (!SERVICE_NAME.test(serviceName))
      throw new Error(`service name must be lower-case kebab (e.g. relief-intake); got ${JSON.stringify(serviceName)}`);
    const db = new BetterSqlite3(path.join(config.dataDir, `${serviceName}.sqlite`));
    const eventStore = createEventStore({ storage: createSqliteEventStorage({ database: db }), registry });
    const documents = createSqliteDocumentStore({ database: db });
    const log = createLogger({ serviceName });
    const opened: Opened = { deps: { eventStore, documents, keyVault, bus, clock, pseudonymKey, log }, db, relays: [] };
    services.set(serviceName, opened);
    return opened;
  };

  return {
    mode: 'embedded',
    bus,
    registry,
    describe: () => `embedded (SQLite files in ${config.dataDir}, in-process bus)`,
    depsFor: (serviceName) => open(serviceName).deps,
    startRelay(serviceName) {
      const opened = open(serviceName);
      const relay = createOutboxRelay({
        storage: createSqliteOutboxStorage(opened.db),
        publisher: bus.publisher,
        registry,
        source: serviceName,
        pollIntervalMs: 100,
        onError: (error) =>
          opened.deps.log.error(
            { errName: (error as Error).name, err: (error as Error).message },
            'outbox relay pass failed',
          ),
      });
      relay.start();
      opened.relays.push(relay);
      return relay;
    },
    async close() {
      for (const { relays } of services.values()) await Promise.all(relays.map((r) => r.stop()));
      await bus.close();
      for (const { deps, db } of services.values()) {
        await deps.eventStore.close();
        await deps.documents.close();
        db.close();
      }
      await keyVault.close();
      services.clear();
    },
  };
};
