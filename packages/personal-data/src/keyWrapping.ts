import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyRecord } from './keyVault';
import { MASTER_KEY_ENV, PREVIOUS_MASTER_KEY_ENV, type MasterKey } from './masterKey';

type Bound = Pick<KeyRecord, 'subject' | 'kid'>;

// The subject and kid are bound as additional data: a wrapped key copied to another record does not open.
const aadOf = (record: Bound) => Buffer.from(`carebridge-data-key:${record.subject}:${record.kid}`);

/** Wraps a data key under a key-encryption key (a master key, or a parent's data key): base64(iv | tag | ct). */
export const wrapUnder = (kek: Buffer, record: Bound, key: Buffer): string => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv).setAAD(aadOf(record));
  const ct = Buffer.concat([cipher.update(key), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64');
};

export const unwrapUnder = (kek: Buffer, record: Bound & { wrapped: string }): Buffer => {
  const raw = Buffer.from(record.wrapped, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', kek, raw.subarray(0, 12)).setAAD(aadOf(record));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
};

/** Wraps a data key under the CURRENT master key. */
export const wrapDataKey = (master: MasterKey, record: Bound, key: Buffer): string =>
  wrapUnder(master.key, record, key);

/** The master key (current or one being retired) whose id the record carries. */
const masterKeyFor = (master: MasterKey, record: KeyRecord): MasterKey => {
  const found = [master, ...(master.previous ?? [])].find((m) => m.id === record.masterKeyId);
  if (found) return found;
  const known = [
    `${MASTER_KEY_ENV} ${master.id}`,
    ...(master.previous ?? []).map((p) => `${PREVIOUS_MASTER_KEY_ENV} ${p.id}`),
  ].join(', ');
  throw new Error(
    `the key of ${record.subject} is wrapped by master key ${record.masterKeyId}, which is not configured (configured: ${known})`,
  );
};

export const unwrapDataKey = (master: MasterKey, record: KeyRecord & { wrapped: string }): Buffer =>
  unwrapUnder(masterKeyFor(master, record).key, record);

/** The record when its key lives; null when the wrapped key is gone or a destroy was stamped (a racing rewrap must not bring a key back). */
export const liveWrapped = (record: KeyRecord): (KeyRecord & { wrapped: string }) | null =>
  record.wrapped !== null && record.destroyedAt === null ? { ...record, wrapped: record.wrapped } : null;
