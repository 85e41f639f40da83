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
import {
  createMongoKeyVault,
  createPersonalDataCipher,
  createSqliteKeyVault,
  loadMasterKey,
  type KeyVault,
} from '@carebridge/personal-data';
import { openTestDatabase } from '@carebridge/test-engines';
import { createReliefContext, type ReliefContext } from '../application/context';
import * as gbt2260 from '@carebridge/divisions';

export type StoreKind = 'mongodb' | 'sqlite';

type Stores = { eventStore: EventStore; documents: DocumentStore; vault: KeyVault; dispose: () => Promise<void> };

const openStores = async (kind: StoreKind, prefix: string): Promise<Stores> => {
  const masterKey = loadMasterKey({});
  switch (kind) {
    case 'mongodb': {
      // A database of its own: the engines are shared with every other test file.
      const database = await openTestDatabase(prefix);
      const eventStore = await createMongoEventStore({ db: database.db, registry: eventRegistry });
      const documents = await createMongoDocumentStore({ db: database.db });
      const vault = await createMongoKeyVault({ db: database.db, masterKey });
      return { eventStore, documents, vault, dispose: () => database.dispose() };
    }
    case 'sqlite': {
      const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
      const eventStore = createEmbeddedEventStore(join(dir, 'events.db'), eventRegistry);
      const documents = createSqliteDocumentStore({ filename: join(dir, 'documents.db') });
      const vault = createSqliteKeyVault({ filename: join(dir, 'keys.db'), masterKey });
      const dispose = () => {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      };
      return { eventStore, documents, vault, dispose };
    }
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown store kind ${String(unreachable)}`);
    }
  }
};

/** The relief context on real stores of the given kind; `close` releases and removes everything. */
export const openReliefTestContext = async (
  kind: StoreKind,
  prefix: string,
  clock: () => Date,
): Promise<{ ctx: ReliefContext; close: () => Promise<void> }> => {
  const stores = await openStores(kind, prefix);
  const ctx = createReliefContext({
    eventStore: stores.eventStore,
    documents: stores.documents,
    registry: eventRegistry,
    cipher: createPersonalDataCipher(stores.vault),
    directory: gbt2260,
    clock,
    personRefKey: 'test-person-ref-key',
  });
  return {
    ctx,
    close: async () => {
      await stores.eventStore.close();
      await stores.documents.close();
      await stores.vault.close();
      await stores.dispose();
    },
  };
};
