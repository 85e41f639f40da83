import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { documentStoreContract } from '@carebridge/document-store/testing';
import { createSqliteDocumentStore } from './createSqliteDocumentStore';

const dir = mkdtempSync(join(tmpdir(), 'document-store-'));

documentStoreContract({
  name: 'SQLite (better-sqlite3, WAL file)',
  open: () => Promise.resolve(createSqliteDocumentStore({ filename: join(dir, 'read-models.db') })),
  dispose: () => {
    rmSync(dir, { recursive: true, force: true });
    return Promise.resolve();
  },
});
