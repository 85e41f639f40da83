import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createMongoKeyVault,
  createSqliteKeyVault,
  masterKeyOf,
  SubjectErasedError,
  type MasterKey,
  type RotatingKeyVault,
} from '@carebridge/personal-data';
import { kafkaBrokers, mongoUri, openTestDatabase, type TestDatabase } from '@carebridge/test-engines';
import { runKeysRewrap } from './cli/keysRewrap';

type Store = {
  env: NodeJS.ProcessEnv;
  open(masterKey: MasterKey): Promise<RotatingKeyVault>;
  dispose(): Promise<void>;
};

const stores: Record<'MongoDB wire (FerretDB)' | 'SQLite (embedded default)', () => Promise<Store>> = {
  'MongoDB wire (FerretDB)': async () => {
    const database: TestDatabase = await openTestDatabase('ops_rewrap');
    return {
      env: { MONGODB_URI: mongoUri(), KAFKA_BROKERS: kafkaBrokers().join(','), MONGODB_DATABASE: database.name },
      open: (masterKey) => createMongoKeyVault({ db: database.db, masterKey }),
      dispose: () => database.dispose(),
    };
  },
  'SQLite (embedded default)': () => {
    const dir = mkdtempSync(join(tmpdir(), 'carebridge-rewrap-'));
    return Promise.resolve({
      env: { CAREBRIDGE_DATA_DIR: dir },
      open: (masterKey) =>
        Promise.resolve(createSqliteKeyVault({ filename: join(dir, 'hotline.keys.sqlite'), masterKey })),
      dispose: () => {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    });
  },
};

const run = async (args: string[], env: NodeJS.ProcessEnv) => {
  const lines: string[] = [];
  const code = await runKeysRewrap(args, env, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  return { code, text: lines.join('\n') };
};

describe.each(Object.keys(stores) as (keyof typeof stores)[])('npm run keys:rewrap on %s', (kind) => {
  let store: Store;
  beforeEach(async () => {
    store = await stores[kind]();
  });
  afterEach(() => store.dispose());

  it('moves the service vault to the new master key; the old one can then go; erased keys stay erased', async () => {
    const oldKey = masterKeyOf(randomBytes(32));
    const newKey = masterKeyOf(randomBytes(32));
    const before = await store.open(oldKey);
    const keys = new Map<string, Buffer>();
    for (const subject of ['child:k1', 'child:k2', 'caller:k3']) keys.set(subject, (await before.keyFor(subject)).key);
    await before.keyFor('child:gone');
    await before.destroy('child:gone');
    await before.close();

    const env = { ...store.env, CAREBRIDGE_MASTER_KEY: newKey.key.toString('base64') };
    // Without the previous key the run stops on the first old key, naming the missing master key.
    const missing = await run(['--service', 'hotline'], env);
    expect(missing.code).toBe(1);
    expect(missing.text).toContain(`wrapped by master key ${oldKey.id}, which is not configured`);

    const rotating = { ...env, CAREBRIDGE_MASTER_KEY_PREVIOUS: oldKey.key.toString('base64') };
    const first = await run(['--service', 'hotline', '--batch-size', '2'], rotating);
    expect(first.code).toBe(0);
    expect(first.text).toContain('4 data keys');
    expect(first.text).toContain('rewrapped 3, already under the current master key 0, destroyed (left destroyed) 1');
    expect(first.text).toContain(`wrapped by master key ${newKey.id}`);
    expect(first.text).toContain(`remove CAREBRIDGE_MASTER_KEY_PREVIOUS (${oldKey.id})`);
    const second = await run(['--service', 'hotline'], rotating);
    expect(second.text).toContain('rewrapped 0, already under the current master key 3, destroyed (left destroyed) 1');

    const after = await store.open(newKey);
    for (const [subject, key] of keys) expect((await after.keyFor(subject)).key.equals(key)).toBe(true);
    await expect(after.keyFor('child:gone')).rejects.toThrow(SubjectErasedError);
    await after.close();
  }, 60_000);

  it('names what is wrong: an unknown service, a missing option', async () => {
    expect((await run(['--service', 'billing'], store.env)).text).toContain(
      '--service must be one of relief-intake, hotline',
    );
    expect((await run([], store.env)).text).toContain('--service is required');
  });
});

it('refuses an embedded data dir without a vault instead of reporting success on nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'carebridge-rewrap-empty-'));
  try {
    const result = await run(['--service', 'projections'], { CAREBRIDGE_DATA_DIR: dir });
    expect(result.code).toBe(1);
    expect(result.text).toContain(`no key vault at ${join(dir, 'projections.keys.sqlite')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
