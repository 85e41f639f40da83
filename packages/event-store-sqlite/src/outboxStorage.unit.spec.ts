import BetterSqlite3 from 'better-sqlite3';
import { createEventStore, ProbeRecordedV2, probeRegistry } from '@carebridge/event-store';
import { outboxStorageContract } from '@carebridge/outbox-relay';
import { createSqliteEventStorage } from './sqliteEventStorage';
import { createSqliteOutboxStorage } from './outboxStorage';

const database = new BetterSqlite3(':memory:');
outboxStorageContract('SQLite (embedded)', {
  open: async () => {
    const store = createEventStore({ storage: createSqliteEventStorage({ database }), registry: probeRegistry });
    return { store, outbox: createSqliteOutboxStorage(database), probe: { type: ProbeRecordedV2.type, data: { probeId: 'p-1', note: 'outbox', severity: 'low' } } };
  },
  destroy: async () => {
    database.close();
  },
});
