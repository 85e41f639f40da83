import { randomBytes } from 'node:crypto';
import { loadMasterKey, MASTER_KEY_ENV, PREVIOUS_MASTER_KEY_ENV } from './masterKey';

describe('loadMasterKey', () => {
  it('reads base64 of 32 bytes from the environment', () => {
    const key = randomBytes(32);
    const loaded = loadMasterKey({ [MASTER_KEY_ENV]: key.toString('base64'), NODE_ENV: 'production' });
    expect(loaded.key.equals(key)).toBe(true);
    expect(loaded.isDevelopmentDefault).toBe(false);
    expect(loaded.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('refuses a missing key in production and a key of the wrong size anywhere', () => {
    expect(() => loadMasterKey({ NODE_ENV: 'production' })).toThrow(/CAREBRIDGE_MASTER_KEY is required in production/);
    expect(() => loadMasterKey({ [MASTER_KEY_ENV]: randomBytes(16).toString('base64') })).toThrow(/must be 32 bytes/);
    expect(() => loadMasterKey({ [MASTER_KEY_ENV]: 'not base64!' })).toThrow(/not base64/);
  });

  it('falls back to the labelled development key outside production only', () => {
    const dev = loadMasterKey({ NODE_ENV: 'development' });
    expect(dev.isDevelopmentDefault).toBe(true);
    expect(loadMasterKey({}).key.equals(dev.key)).toBe(true);
  });
});

describe('loadMasterKey during a rotation', () => {
  it('keeps the retiring key beside the current one, by id', () => {
    const current = randomBytes(32);
    const previous = randomBytes(32);
    const loaded = loadMasterKey({
      [MASTER_KEY_ENV]: current.toString('base64'),
      [PREVIOUS_MASTER_KEY_ENV]: previous.toString('base64'),
    });
    expect(loaded.key.equals(current)).toBe(true);
    expect(loaded.previous).toHaveLength(1);
    expect(loaded.previous![0]!.key.equals(previous)).toBe(true);
    expect(loaded.previous![0]!.id).not.toBe(loaded.id);
    expect(loadMasterKey({ [MASTER_KEY_ENV]: current.toString('base64') }).previous).toBeUndefined();
  });

  it('names the previous key variable when it is malformed or the same as the current key', () => {
    const current = randomBytes(32).toString('base64');
    expect(() => loadMasterKey({ [MASTER_KEY_ENV]: current, [PREVIOUS_MASTER_KEY_ENV]: 'not base64!' })).toThrow(
      /CAREBRIDGE_MASTER_KEY_PREVIOUS is not base64/,
    );
    expect(() =>
      loadMasterKey({ [MASTER_KEY_ENV]: current, [PREVIOUS_MASTER_KEY_ENV]: randomBytes(8).toString('base64') }),
    ).toThrow(/CAREBRIDGE_MASTER_KEY_PREVIOUS must be 32 bytes/);
    expect(() => loadMasterKey({ [MASTER_KEY_ENV]: current, [PREVIOUS_MASTER_KEY_ENV]: current })).toThrow(
      /must differ from CAREBRIDGE_MASTER_KEY/,
    );
  });
});
