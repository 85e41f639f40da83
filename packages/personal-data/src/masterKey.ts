import { createHash } from 'node:crypto';

export type MasterKey = {
  readonly key: Buffer;
  /** Short fingerprint stored beside every wrapped key, so a wrong master key fails with a clear message. */
  readonly id: string;
  readonly isDevelopmentDefault: boolean;
  /**
   * Master keys being retired (CAREBRIDGE_MASTER_KEY_PREVIOUS): they still unwrap the data keys they wrapped,
   * but nothing new is wrapped with them. Empty once `rewrapKeys` has moved every data key to `key`.
   */
  readonly previous?: readonly MasterKey[];
};

export const MASTER_KEY_ENV = 'CAREBRIDGE_MASTER_KEY';
export const PREVIOUS_MASTER_KEY_ENV = 'CAREBRIDGE_MASTER_KEY_PREVIOUS';

/**
 * DEVELOPMENT ONLY. A fixed, public key so that `npm start` works with nothing configured; it protects nothing.
 * Refused when NODE_ENV is production.
 */
const DEVELOPMENT_MASTER_KEY = createHash('sha256')
  .update('carebridge development master key - NOT FOR PRODUCTION')
  .digest();

export const masterKeyOf = (key: Buffer, isDevelopmentDefault = false, envName = MASTER_KEY_ENV): MasterKey => {
  if (key.length !== 32) throw new Error(`${envName} must be 32 bytes (base64); got ${key.length}`);
  return { key, id: createHash('sha256').update(key).digest('hex').slice(0, 16), isDevelopmentDefault };
};

/** The current master key together with the ones it replaces (rotation overlap). */
export const withPreviousMasterKeys = (current: MasterKey, previous: readonly MasterKey[]): MasterKey => {
  const same = previous.find((p) => p.id === current.id);
  if (same)
    throw new Error(`${PREVIOUS_MASTER_KEY_ENV} must differ from ${MASTER_KEY_ENV} (both are master key ${same.id})`);
  return { ...current, previous };
};

const decoded = (envName: string, encoded: string): Buffer => {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) throw new Error(`${envName} is not base64`);
  return Buffer.from(encoded, 'base64');
};

const loadCurrent = (env: NodeJS.ProcessEnv): MasterKey => {
  const encoded = env[MASTER_KEY_ENV];
  if (encoded === undefined || encoded === '') {
    if (env.NODE_ENV === 'production')
      throw new Error(`${MASTER_KEY_ENV} is required in production (base64 of 32 random bytes)`);
    return masterKeyOf(DEVELOPMENT_MASTER_KEY, true);
  }
  return masterKeyOf(decoded(MASTER_KEY_ENV, encoded));
};

/**
 * The master key that wraps every data key: base64 of 32 bytes in CAREBRIDGE_MASTER_KEY. During a rotation
 * CAREBRIDGE_MASTER_KEY_PREVIOUS holds the key being retired, so data keys it wrapped still open.
 */
export const loadMasterKey = (env: NodeJS.ProcessEnv = process.env): MasterKey => {
  const current = loadCurrent(env);
  const previous = env[PREVIOUS_MASTER_KEY_ENV];
  if (previous === undefined || previous === '') return current;
  return withPreviousMasterKeys(current, [
    masterKeyOf(decoded(PREVIOUS_MASTER_KEY_ENV, previous), false, PREVIOUS_MASTER_KEY_ENV),
  ]);
};
