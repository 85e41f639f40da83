import { randomBytes } from 'node:crypto';
import { loadMasterKey, MASTER_KEY_ENV } from './masterKey';

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
