import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract } from '@carebridge/event-store/testing';
import { createEmbeddedEventStore } from './createEmbeddedEventStore';

// Every store the suite opens is its own connection to one temporary file, as separate processes would be.
const dir = mkdtempSync(join(tmpdir(), 'carebridge-sqlite-store-'));
const file = join(dir, 'events.db');

describeEventStoreContract('sqlite (better-sqlite3, WAL)', {
  create: (registry) => Promise.resolve(createEmbeddedEventStore(file, registry)),
  destroy: () => {
    rmSync(dir, { recursive: true, force: true });
    return Promise.resolve();
  },
});
