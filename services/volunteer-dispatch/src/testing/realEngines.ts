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
import {
  createMongoKeyVault,
  createPersonalDataCipher,
  createSqliteKeyVault,
  masterKeyOf,
  sealingEventStore,
  type KeyVault,
} from '@carebridge/personal-data';
import { openTestDatabase } from '@carebridge/test-engines';
import { createDispatchApplication } from '../application/dispatchApplication';
import { dispatchKeySubjectOf } from '../application/keySubjects';
import { createCommunityDirectory, type Community } from '../domain/communities';

export type EngineKind = 'mongodb' | 'sqlite';

type Storage = { raw: EventStore; documents: DocumentStore; vault: KeyVault; dispose: () => Promise<void> };

const open = async (kind: EngineKind): Promise<Storage> => {
  const masterKey = masterKeyOf(randomBytes(32));
  switch (kind) {
    case 'mongodb': {
      const database = await openTestDatabase('dispatch');
      return {
        raw: await createMongoEventStore({ db: database.db, registry: eventRegistry }),
        documents: await createMongoDocumentStore({ db: database.db }),
        vault: await createMongoKeyVault({ db: database.db, masterKey }),
        dispose: () => database.dispose(),
      };
    }
    case 'sqlite': {
      const dir = mkdtempSync(join(tmpdir(), 'dispatch-'));
      const raw = createEmbeddedEventStore(join(dir, 'events.db'), eventRegistry);
      const documents = createSqliteDocumentStore({ filename: join(dir, 'documents.db') });
      return {
        raw,
        documents,
        vault: createSqliteKeyVault({ filename: join(dir, 'keys.db'), masterKey }),
        dispose: async () => {
          await raw.close();
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

/** The dispatch application on a real engine (its own database), sealing personal data, with a hand-driven clock. */
export const openDispatch = async (kind: EngineKind, communities: readonly Community[], startAt: string) => {
  const storage = await open(kind);
  const store = sealingEventStore(
    storage.raw,
    createPersonalDataCipher(storage.vault),
    eventRegistry,
    dispatchKeySubjectOf,
  );
  let now = Date.parse(startAt);
  const clock = {
    now: () => new Date(now),
    advanceMinutes: (minutes: number) => {
      now += minutes * 60_000;
    },
  };
  const app = createDispatchApplication({
    store,
    documents: storage.documents,
    directory: createCommunityDirectory(communities),
    clock: clock.now,
    pseudonymKey: randomBytes(32),
  });
  return {
    app,
    clock,
    raw: storage.raw,
    close: async () => {
      await app.stop();
      await storage.dispose();
    },
  };
};
