import { randomBytes, randomUUID } from 'node:crypto';
import { liveWrapped, unwrapDataKey, wrapDataKey } from './keyWrapping';
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

/** What one page of a rewrap found and did. */
export type RewrapPage = {
  readonly scanned: number;
  /** Moved from a previous master key to the current one. */
  readonly rewrapped: number;
  /** Already under the current master key. */
  readonly current: number;
  /** Destroyed keys: left destroyed. */
  readonly destroyed: number;
  /** Subject to continue after; null at the end. */
  readonly next: string | null;
};

/** A vault that can move its data keys to the current master key (what every adapter here returns). */
export type RotatingKeyVault = KeyVault & {
  /** Id (short hash) of the master key that wraps new data keys. */
  readonly masterKeyId: string;
  /** Rewraps up to `limit` records in subject order after `after` (null: from the start). */
  rewrapPage(after: string | null, limit: number): Promise<RewrapPage>;
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
  /** Records in subject order, after `after` (null: from the first). */
  page(after: string | null, limit: number): Promise<KeyRecord[]>;
  /**
   * Replaces the wrapped key only while the record still holds `from` and is not destroyed; true when it did.
   * A destroy that races the replacement must win.
   */
  replaceWrapped(
    subject: string,
    from: { wrapped: string; masterKeyId: string },
    to: { wrapped: string; masterKeyId: string },
  ): Promise<boolean>;
  close(): Promise<void>;
};

export class SubjectErasedError extends Error {
  constructor(readonly subject: string) {
    super(`the data key of ${subject} was destroyed; its personal data was erased and cannot be sealed again`);
    this.name = 'SubjectErasedError';
  }
}

const SUBJECT = /^[A-Za-z][A-Za-z0-9_-]*:[A-Za-z0-9._:-]{1,200}$/;

export const createKeyVault = (storage: KeyRecordStorage, master: MasterKey): RotatingKeyVault => {
  /** One record to the current master key; what it was counts toward the page. */
  const rewrapOne = async (record: KeyRecord): Promise<'rewrapped' | 'current' | 'destroyed'> => {
    const live = liveWrapped(record);
    if (!live) return 'destroyed';
    if (live.masterKeyId === master.id) return 'current';
    const wrapped = wrapDataKey(master, live, unwrapDataKey(master, live));
    if (await storage.replaceWrapped(live.subject, live, { wrapped, masterKeyId: master.id })) return 'rewrapped';
    // Changed under us (destroyed, or moved by another rewrap run): classify what is there now.
    const now = await storage.bySubject(live.subject);
    return !now || !liveWrapped(now) ? 'destroyed' : now.masterKeyId === master.id ? 'current' : rewrapOne(now);
  };

  return {
    masterKeyId: master.id,
    async keyFor(subject) {
      if (!SUBJECT.test(subject))
        throw new Error(`subject must look like <kind>:<id> (e.g. child:123); got ${JSON.stringify(subject)}`);
      let record = await storage.bySubject(subject);
      if (!record) {
        const kid = randomUUID();
        const candidate = { subject, kid, masterKeyId: master.id, createdAt: new Date(), destroyedAt: null };
        // Two writers may race for a new subject: the storage keeps the first, and both use it.
        record = await storage.insertIfAbsent({
          ...candidate,
          wrapped: wrapDataKey(master, candidate, randomBytes(32)),
        });
      }
      const live = liveWrapped(record);
      if (!live) throw new SubjectErasedError(subject);
      return { kid: live.kid, key: unwrapDataKey(master, live) };
    },
    async keyById(kid) {
      const record = await storage.byKid(kid);
      const live = record && liveWrapped(record);
      return live ? unwrapDataKey(master, live) : null;
    },
    destroy: (subject) => storage.tombstone(subject, new Date()),
    async rewrapPage(after, limit) {
      if (!Number.isInteger(limit) || limit < 1) throw new Error(`limit must be a positive whole number; got ${limit}`);
      const records = await storage.page(after, limit);
      const counts = { rewrapped: 0, current: 0, destroyed: 0 };
      for (const record of records) counts[await rewrapOne(record)] += 1;
      return { scanned: records.length, ...counts, next: records.length < limit ? null : records.at(-1)!.subject };
    },
    close: () => storage.close(),
  };
};
