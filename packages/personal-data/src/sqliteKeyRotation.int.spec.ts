import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyRotationContract } from './keyRotation.contract';
import { createSqliteKeyVault } from './sqliteKeyVault';

keyRotationContract('SQLite (better-sqlite3)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'carebridge-rotation-'));
  return {
    open: async (masterKey) => createSqliteKeyVault({ filename: join(dir, 'keys.db'), masterKey }),
    wrappedOf: async (subject) => {
      const db = new Database(join(dir, 'keys.db'), { readonly: true });
      try {
        return db
          .prepare<[string], { wrapped: string | null }>('SELECT wrapped FROM subject_keys WHERE subject = ?')
          .get(subject)!.wrapped;
      } finally {
        db.close();
      }
    },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
