import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyVaultContract } from './testing';
import { masterKeyOf } from './masterKey';
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

describe('SQLite key vault: a database from before keys had parents', () => {
  it('moves the table to the new shape; keys it held open as before, and record keys can be added', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'carebridge-keys-old-'));
    const filename = join(dir, 'keys.db');
    const masterKey = masterKeyOf(randomBytes(32));
    try {
      const first = createSqliteKeyVault({ filename, masterKey });
      const person = await first.keyFor('person:old');
      await first.close();
      // The table as it was: no parent column, master_key_id NOT NULL.
      const db = new Database(filename);
      const rows = db
        .prepare('SELECT subject, kid, wrapped, master_key_id, created_at, destroyed_at FROM subject_keys')
        .all();
      db.exec('DROP TABLE subject_keys');
      db.exec(`CREATE TABLE subject_keys (subject TEXT PRIMARY KEY, kid TEXT NOT NULL UNIQUE, wrapped TEXT,
        master_key_id TEXT NOT NULL, created_at INTEGER NOT NULL, destroyed_at INTEGER)`);
      const insert = db.prepare(
        'INSERT INTO subject_keys VALUES (@subject, @kid, @wrapped, @master_key_id, @created_at, @destroyed_at)',
      );
      for (const row of rows) insert.run(row);
      db.close();

      const vault = createSqliteKeyVault({ filename, masterKey });
      expect(await vault.keyFor('person:old')).toEqual(person);
      const record = await vault.keyFor('record:new', 'person:old');
      expect(await vault.keyById(record.kid)).toEqual(record.key);
      await vault.destroy('person:old');
      expect(await vault.keyById(record.kid)).toBeNull();
      await vault.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
