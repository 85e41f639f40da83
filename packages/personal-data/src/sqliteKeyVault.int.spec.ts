import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyVaultContract } from './testing';
import { createSqliteKeyVault } from './sqliteKeyVault';

keyVaultContract('SQLite (better-sqlite3)', (masterKey) => {
  const dir = mkdtempSync(join(tmpdir(), 'carebridge-keys-'));
  const filename = join(dir, 'keys.db');
  const vault = createSqliteKeyVault({ filename, masterKey });
  return Promise.resolve({
    vault,
    // The bytes on disk, database and write-ahead log alike: what an attacker with the files would have.
    raw: () =>
      Promise.resolve(
        ['', '-wal', '-shm']
          .map((suffix) => (existsSync(filename + suffix) ? readFileSync(filename + suffix).toString('latin1') : ''))
          .join('\n'),
      ),
    dispose: async () => {
      await vault.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
});
