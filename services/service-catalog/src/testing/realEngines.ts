import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocumentStore } from '@carebridge/document-store';
import { createMongoDocumentStore } from '@carebridge/document-store-mongodb';
import { createSqliteDocumentStore } from '@carebridge/document-store-sqlite';
import { eventRegistry } from '@carebridge/event-schema';
import type { EventStore } from '@carebridge/event-store';
import { createMongoEventStore } from '@carebridge/event-store-mongodb';
import { createEmbeddedEventStore } from '@carebridge/event-store-sqlite';
import { createMongoKeyVault, createSqliteKeyVault, masterKeyOf, type KeyVault } from '@carebridge/personal-data';
import { openTestDatabase } from '@carebridge/test-engines';
import { createCatalog } from '../catalog';

export type EngineKind = 'mongodb' | 'sqlite';

type Storage = { eventStore: EventStore; documents: DocumentStore; keyVault: KeyVault; dispose: () => Promise<void> };

const open = async (kind: EngineKind): Promise<Storage> => {
  const masterKey = masterKeyOf(randomBytes(32));
  switch (kind) {
    case 'mongodb': {
      const database = await openTestDatabase('catalog');
      return {
        eventStore: await createMongoEventStore({ db: database.db, registry: eventRegistry }),
        documents: await createMongoDocumentStore({ db: database.db }),
        keyVault: await createMongoKeyVault({ db: database.db, masterKey }),
        dispose: () => database.dispose(),
      };
    }
    case 'sqlite': {
      const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
      const eventStore = createEmbeddedEventStore(join(dir, 'events.db'), eventRegistry);
      const documents = createSqliteDocumentStore({ filename: join(dir, 'documents.db') });
      return {
        eventStore,
        documents,
        keyVault: createSqliteKeyVault({ filename: join(dir, 'keys.db'), masterKey }),
        dispose: async () => {
          await eventStore.close();
          await documents.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown engine ${String(unreachable)}`);
    }
  }
};

/** The catalog on a real engine (its own database), with a hand-moved clock. */
export const openCatalog = async (kind: EngineKind, startAt = '2020-08-01T01:00:00.000Z') => {
  const storage = await open(kind);
  let now = Date.parse(startAt);
  const clock = { now: () => new Date(now), advanceMinutes: (m: number) => void (now += m * 60_000) };
  const service = createCatalog({
    eventStore: storage.eventStore,
    documents: storage.documents,
    keyVault: storage.keyVault,
    pseudonymKey: randomBytes(32),
    clock: clock.now,
  });
  return { service, clock, eventStore: storage.eventStore, documents: storage.documents, close: storage.dispose };
};
