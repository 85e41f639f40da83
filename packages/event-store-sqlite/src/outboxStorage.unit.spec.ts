import BetterSqlite3 from 'better-sqlite3';
import { createEventStore } from '@carebridge/event-store';
import { ProbeRecordedV2, probeRegistry } from '@carebridge/event-store/testing';
import { outboxStorageContract } from '@carebridge/outbox-relay/testing';
import { createSqliteEventStorage } from './sqliteEventStorage';
import { createSqliteOutboxStorage } from './outboxStorage';

const database = new BetterSqlite3(':memory:');
outboxStorageContract('SQLite (embedded)', {
  open: (clock) => {
    const store = createEventStore({ storage: createSqliteEventStorage({ database }), registry: probeRegistry });
    return Promise.resolve({
      store,
      outbox: createSqliteOutboxStorage(database, { clock }),
      probe: { type: ProbeRecordedV2.type, data: { probeId: 'p-1', note: 'outbox', severity: 'low' } },
    });
  },
  destroy: () => {
    database.close();
    return Promise.resolve();
  },
});

describe('SQLite outbox storage beyond the contract', () => {
  it('a shard without a checkpoint starts where the per-commit dispatched marks left it', async () => {
    const db = new BetterSqlite3(':memory:');
    try {
      const store = createEventStore({ storage: createSqliteEventStorage({ database: db }), registry: probeRegistry });
      const probe = { type: ProbeRecordedV2.type, data: { probeId: 'p-1', note: 'old', severity: 'low' } };
      const appended: { position: number; shard: number }[] = [];
      for (let i = 0; i < 12; i++)
        await store.append(`old-${i}`, [probe], { expectedVersion: 'no_stream', commandId: `cmd-${i}` });
      for (const row of db
        .prepare<[], { position: number; shard: number }>('SELECT position, shard FROM commits ORDER BY position')
        .all())
        appended.push(row);
      // The old relay had marked the first eight commits dispatched.
      db.prepare('UPDATE commits SET dispatched = 1 WHERE position <= 8').run();
      const outbox = createSqliteOutboxStorage(db);
      const shards = [...new Set(appended.map((c) => c.shard))];
      const expected = new Map(
        shards.map((shard) => {
          const mine = appended.filter((c) => c.shard === shard);
          const firstOpen = mine.find((c) => c.position > 8);
          return [shard, firstOpen ? firstOpen.position - 1 : Math.max(...mine.map((c) => c.position))];
        }),
      );
      const unused = Array.from({ length: 16 }, (_, s) => s).find((s) => !expected.has(s))!;
      expected.set(unused, 0);
      expect(await outbox.checkpoints([...expected.keys()])).toEqual(expected);
      db.prepare('UPDATE commits SET dispatched = 1').run();
      expect(await outbox.checkpoints([...expected.keys()])).toEqual(expected);
    } finally {
      db.close();
    }
  });
});
