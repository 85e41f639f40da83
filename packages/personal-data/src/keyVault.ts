import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import type { MasterKey } from './masterKey';

/** One data key per subject (e.g. `child:<id>`): destroying it erases that person's sealed fields everywhere. */
export type KeyVault = {
  /** The subject's data key, created on first use. Throws SubjectErasedError once the key was destroyed. */
  keyFor(subject: string): Promise<{ readonly kid: string; readonly key: Buffer }>;
  /** The data key with this id; null when it was destroyed (or never existed). */
  keyById(kid: string): Promise<Buffer | null>;
  /** Destroys the subject's key for good; true when there was a live key to destroy. */
  destroy(subject: string): Promise<boolean>;
  close(): Promise<void>;
};

/** What an adapter stores: the data key only ever wrapped by the master key, and a tombstone after erasure. */
export type KeyRecord = {
  readonly subject: string;
  readonly kid: string;
  /** base64(iv | tag | ciphertext) of the data key under the master key; null once destroyed. */
  readonly wrapped: string | null;
  readonly masterKeyId: string;
  readonly createdAt: Date;
  readonly destroyedAt: Date | null;
};

/** The storage SPI each adapter implements; the crypto and the rules live once, in createKeyVault. */
export type KeyRecordStorage = {
  /** Inserts unless the subject already has a record; returns the record that is stored now. */
  insertIfAbsent(record: KeyRecord): Promise<KeyRecord>;
  bySubject(subject: string): Promise<KeyRecord | null>;
  byKid(kid: string): Promise<KeyRecord | null>;
  /** Overwrites the wrapped key with null and stamps destroyedAt; true when a live key was there. */
  tombstone(subject: string, destroyedAt: Date): Promise<boolean>;
  close(): Promise<void>;
};

export class SubjectErasedError extends Error {
  constructor(readonly subject: string) {
    super(`the data key of ${subject} was destroyed; its personal data was erased and cannot be sealed again`);
    this.name = 'SubjectErasedError';
  }
}

const SUBJECT = /^[A-Za-z][A-Za-z0-9_-]*:[A-Za-z0-9._:-]{1,200}$/;

const aadOf = (record: Pick<KeyRecord, 'subject' | 'kid'>) => Buffer.from(`carebridge-data-key:${record.subject}:${record.kid}`);

const wrap = (master: MasterKey, record: Pick<KeyRecord, 'subject' | 'kid'>, key: Buffer): string => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', master.key, iv).setAAD(aadOf(record));
  const ct = Buffer.concat([cipher.update(key), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64');
};

const unwrap = (master: MasterKey, record: KeyRecord): Buffer => {
  if (record.masterKeyId !== master.id) {
    throw new Error(`the key of ${record.subject} is wrapped by master key ${record.masterKeyId}, not the configured ${master.id}`);
  }
  const raw = Buffer.from(record.wrapped!, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', master.key, raw.subarray(0, 12)).setAAD(aadOf(record));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
};

export const createKeyVault = (storage: KeyRecordStorage, master: MasterKey): KeyVault => ({
  async keyFor(subject) {
    if (!SUBJECT.test(subject)) throw new Error(`subject must look like <kind>:<id> (e.g. child:123); got ${JSON.stringify(subject)}`);
    let record = await storage.bySubject(subject);
    if (!record) {
      const kid = randomUUID();
      const candidate = { subject, kid, masterKeyId: master.id, createdAt: new Date(), destroyedAt: null };
      // Two writers may race for a new subject: the storage keeps the first, and both use it.
      record = await storage.insertIfAbsent({ ...candidate, wrapped: wrap(master, candidate, randomBytes(32)) });
    }
    if (record.wrapped === null) throw new SubjectErasedError(subject);
    return { kid: record.kid, key: unwrap(master, record) };
  },
  async keyById(kid) {
    const record = await storage.byKid(kid);
    return record && record.wrapped !== null ? unwrap(master, record) : null;
  },
  destroy: (subject) => storage.tombstone(subject, new Date()),
  close: () => storage.close(),
});
