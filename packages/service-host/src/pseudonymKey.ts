import { createHash } from 'node:crypto';

export const PSEUDONYM_KEY_ENV = 'CAREBRIDGE_PSEUDONYM_KEY';

/** DEVELOPMENT ONLY: fixed and public, so `npm start` runs unconfigured; refused in production. */
const DEVELOPMENT_PSEUDONYM_KEY = createHash('sha256')
  .update('carebridge development pseudonym key - NOT FOR PRODUCTION')
  .digest();

/** The keyed-hash key of pseudonyms: base64 of at least 32 bytes in CAREBRIDGE_PSEUDONYM_KEY. */
export const loadPseudonymKey = (env: NodeJS.ProcessEnv = process.env): Buffer => {
  const encoded = env[PSEUDONYM_KEY_ENV];
  if (encoded === undefined || encoded === '') {
    if (env.NODE_ENV === 'production')
      throw new Error(`${PSEUDONYM_KEY_ENV} is required in production (base64 of 32 random bytes)`);
    return DEVELOPMENT_PSEUDONYM_KEY;
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) throw new Error(`${PSEUDONYM_KEY_ENV} is not base64`);
  const key = Buffer.from(encoded, 'base64');
  if (key.length < 32) throw new Error(`${PSEUDONYM_KEY_ENV} must decode to at least 32 bytes; got ${key.length}`);
  return key;
};
