import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyRotationContract } from './testing';
import { createSqliteKeyVault } from './sqliteKeyVault';

keyRotationContract('SQLite (better-sqlite3)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'carebridge-rotation-'));
  return Promise.resolve({
    open: (masterKey) => Promise.resolve(createSqliteKeyVault({ filename: join(dir, 'keys.db'), masterKey })),
    wrappedOf: (subject) => {
      const db = new Database(join(dir, 'keys.db'), { readonly: true });
      try {
        return Promise.resolve(
          db
            .prepare<[string], { wrapped: string | null }>('SELECT wrapped FROM subject_keys WHERE subject = ?')
            .get(subject)!.wrapped,
        );
      } finally {
        db.close();
      }
    },
    dispose: () => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
});
