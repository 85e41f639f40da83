import { ProbeRecordedV2, probeRegistry } from '@carebridge/event-store';
import { outboxStorageContract } from '@carebridge/outbox-relay';
import { openTestDatabase, type TestDatabase } from '@carebridge/test-engines';
import { createMongoEventStore } from './createMongoEventStore';
import { createMongoOutboxStorage } from './outboxStorage';

let database: TestDatabase;
outboxStorageContract('MongoDB (FerretDB)', {
  open: async () => {
    database = await openTestDatabase('outbox_storage');
    const store = await createMongoEventStore({ db: database.db, registry: probeRegistry });
    return { store, outbox: createMongoOutboxStorage(database.db), probe: { type: ProbeRecordedV2.type, data: { probeId: 'p-1', note: 'outbox', severity: 'low' } } };
  },
  destroy: async () => database?.dispose(),
});
