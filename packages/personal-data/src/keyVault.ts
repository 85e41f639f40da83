import { randomBytes, randomUUID } from 'node:crypto';
import { liveWrapped, unwrapDataKey, unwrapUnder, wrapDataKey, wrapUnder } from './keyWrapping';
import type { MasterKey } from './masterKey';

/**
 * One data key per subject (e.g. `person:<ref>`): destroying it erases that subject's sealed fields everywhere.
 * A record's key may have a parent subject (`hotline-case:<id>` under `person:<ref>`): it is then wrapped by the
 * parent's data key, so destroying the parent makes it unopenable too, while destroying it spares the parent.
 */
export type KeyVault = {
  /**
   * The subject's data key, created on first use (under `parent`'s key when given; a subject keeps the parent it
   * was created with). Throws SubjectErasedError once the key, or its parent's, was destroyed.
   */
  keyFor(subject: string, parent?: string): Promise<{ readonly kid: string; readonly key: Buffer }>;
  /** The data key with this id; null when it or its parent's was destroyed (or it never existed). */
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
  /** Already under the current master key, or under a parent's key (which moves with its parent). */
  readonly current: number;
  /** Destroyed keys (or keys under a destroyed parent): left destroyed. */
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

/** What an adapter stores: the data key only ever wrapped (by the master key or its parent's key), and a tombstone after erasure. */
export type KeyRecord = {
  readonly subject: string;
  readonly kid: string;
  /** The subject whose data key wraps this one; null when the master key wraps it. */
  readonly parent: string | null;
  /** base64(iv | tag | ciphertext) of the data key under the master key or the parent's key; null once destroyed. */
  readonly wrapped: string | null;
  /** The master key that wraps it; null under a parent. */
  readonly masterKeyId: string | null;
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

/** How deep parents may nest: a person and their records need two levels; more is a mistake, not a design. */
const MAX_DEPTH = 4;

export const createKeyVault = (storage: KeyRecordStorage, master: MasterKey): RotatingKeyVault => {
  const checkSubject = (subject: string) => {
    if (!SUBJECT.test(subject))
      throw new Error(`subject must look like <kind>:<id> (e.g. person:123); got ${JSON.stringify(subject)}`);
  };

  /** A record's data key: unwrapped by the master key, or by its parent's key in turn; null once any was destroyed. */
  const unwrap = async (record: KeyRecord, depth = 0): Promise<Buffer | null> => {
    const live = liveWrapped(record);
    if (!live) return null;
    if (live.parent === null) return unwrapDataKey(master, live);
    if (depth >= MAX_DEPTH) throw new Error(`the key of ${live.subject} nests deeper than ${MAX_DEPTH} parents`);
    const parent = await storage.bySubject(live.parent);
    const parentKey = parent && (await unwrap(parent, depth + 1));
    return parentKey ? unwrapUnder(parentKey, live) : null;
  };

  /** One record to the current master key; what it was counts toward the page. */
  const rewrapOne = async (record: KeyRecord): Promise<'rewrapped' | 'current' | 'destroyed'> => {
    const live = liveWrapped(record);
    if (!live) return 'destroyed';
    // Under a parent: wrapped by the parent's data key, which a rotation does not change.
    if (live.parent !== null) return (await unwrap(live)) ? 'current' : 'destroyed';
    if (live.masterKeyId === master.id) return 'current';
    const wrapped = wrapDataKey(master, live, unwrapDataKey(master, live));
    if (
      await storage.replaceWrapped(
        live.subject,
        { wrapped: live.wrapped, masterKeyId: live.masterKeyId! },
        { wrapped, masterKeyId: master.id },
      )
    )
      return 'rewrapped';
    // Changed under us (destroyed, or moved by another rewrap run): classify what is there now.
    const now = await storage.bySubject(live.subject);
    return !now || !liveWrapped(now) ? 'destroyed' : now.masterKeyId === master.id ? 'current' : rewrapOne(now);
  };

  const keyFor = async (subject: string, parent?: string): Promise<{ kid: string; key: Buffer }> => {
    checkSubject(subject);
    if (parent !== undefined) checkSubject(parent);
    if (parent === subject) throw new Error(`${subject} cannot be its own parent`);
    let record = await storage.bySubject(subject);
    if (!record) {
      const kid = randomUUID();
      const key = randomBytes(32);
      const candidate = { subject, kid, createdAt: new Date(), destroyedAt: null };
      // Two writers may race for a new subject: the storage keeps the first, and both use it.
      if (parent === undefined) {
        record = await storage.insertIfAbsent({
          ...candidate,
          parent: null,
          masterKeyId: master.id,
          wrapped: wrapDataKey(master, candidate, key),
        });
      } else {
        // The parent's key is made on first use too; an erased parent refuses (SubjectErasedError of the parent).
        const parentKey = await keyFor(parent);
        record = await storage.insertIfAbsent({
          ...candidate,
          parent,
          masterKeyId: null,
          wrapped: wrapUnder(parentKey.key, candidate, key),
        });
      }
    }
    if ((record.parent ?? undefined) !== parent)
      throw new Error(
        `the key of ${subject} is kept under ${record.parent ?? 'the master key'}, not under ${parent ?? 'the master key'}`,
      );
    const key = await unwrap(record);
    if (!key) throw new SubjectErasedError(subject);
    return { kid: record.kid, key };
  };

  return {
    masterKeyId: master.id,
    keyFor,
    async keyById(kid) {
      const record = await storage.byKid(kid);
      return record && unwrap(record);
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
