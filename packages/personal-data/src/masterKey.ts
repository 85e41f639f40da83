import { createHash } from 'node:crypto';

export type MasterKey = {
  readonly key: Buffer;
  /** Short fingerprint stored beside every wrapped key, so a wrong master key fails with a clear message. */
  readonly id: string;
  readonly isDevelopmentDefault: boolean;
};

export const MASTER_KEY_ENV = 'CAREBRIDGE_MASTER_KEY';

/**
 * DEVELOPMENT ONLY. A fixed, public key so that `npm start` works with nothing configured; it protects nothing.
 * Refused when NODE_ENV is production.
 */
const DEVELOPMENT_MASTER_KEY = createHash('sha256').update('carebridge development master key - NOT FOR PRODUCTION').digest();

export const masterKeyOf = (key: Buffer, isDevelopmentDefault = false): MasterKey => {
  if (key.length !== 32) throw new Error(`${MASTER_KEY_ENV} must be 32 bytes (base64); got ${key.length}`);
  return { key, id: createHash('sha256').update(key).digest('hex').slice(0, 16), isDevelopmentDefault };
};

/** The master key that wraps every data key: base64 of 32 bytes in CAREBRIDGE_MASTER_KEY. */
export const loadMasterKey = (env: NodeJS.ProcessEnv = process.env): MasterKey => {
  const encoded = env[MASTER_KEY_ENV];
  if (encoded === undefined || encoded === '') {
    if (env['NODE_ENV'] === 'production') throw new Error(`${MASTER_KEY_ENV} is required in production (base64 of 32 random bytes)`);
    return masterKeyOf(DEVELOPMENT_MASTER_KEY, true);
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) throw new Error(`${MASTER_KEY_ENV} is not base64`);
  return masterKeyOf(Buffer.from(encoded, 'base64'));
};
