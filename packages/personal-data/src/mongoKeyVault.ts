import { MongoServerError, type Db } from 'mongodb';
import { createKeyVault, type KeyRecord, type KeyRecordStorage, type RotatingKeyVault } from './keyVault';
import type { MasterKey } from './masterKey';

// Documents written before keys had parents carry no `parent`: the master key wraps them.
type KeyDocument = Omit<KeyRecord, 'subject' | 'parent'> & { _id: string; parent?: string | null };
type ErasedDocument = { _id: string; destroyedAt: Date };

const toRecord = ({ _id, parent, ...rest }: KeyDocument): KeyRecord => ({
  subject: _id,
  parent: parent ?? null,
  ...rest,
});

const isDuplicate = (error: unknown): boolean => error instanceof MongoServerError && error.code === 11000;

/**
 * Key vault on MongoDB (official driver): collection `subject_keys`, one document per subject (`_id`), unique
 * `kid`, the `parent` subject of a record's key. Single-document writes only, so it runs on FerretDB as on MongoDB. A destroy also inserts the subject
 * into `<collection>_erased` (inserts are atomic on both engines, conditional updates not on FerretDB), and a
 * rewrap checks that set after writing, so a rewrap racing a destroy cannot bring the key back.
 */
export const createMongoKeyVault = async (options: {
  db: Db;
  masterKey: MasterKey;
  collection?: string;
}): Promise<RotatingKeyVault> => {
  const name = options.collection ?? 'subject_keys';
  const keys = options.db.collection<KeyDocument>(name);
  const erased = options.db.collection<ErasedDocument>(`${name}_erased`);
  await keys.createIndex({ kid: 1 }, { unique: true, name: 'kid_unique' });
  const eraseKey = async (subject: string, destroyedAt: Date): Promise<boolean> =>
    (await keys.updateOne({ _id: subject, wrapped: { $ne: null } }, { $set: { wrapped: null, destroyedAt } }))
      .modifiedCount === 1;
  const storage: KeyRecordStorage = {
    async insertIfAbsent(record) {
      const { subject, ...rest } = record;
      try {
        await keys.insertOne({ _id: subject, ...rest });
        return record;
      } catch (error) {
        if (!isDuplicate(error)) throw error;
        const first = await keys.findOne({ _id: subject });
        if (!first) throw error;
        return toRecord(first);
      }
    },
    bySubject: async (subject) => {
      const found = await keys.findOne({ _id: subject });
      return found && toRecord(found);
    },
    byKid: async (kid) => {
      const found = await keys.findOne({ kid });
      return found && toRecord(found);
    },
    async tombstone(subject, destroyedAt) {
      // The marker first: any rewrap writing after this point sees it and erases again.
      await erased.insertOne({ _id: subject, destroyedAt }).catch((error: unknown) => {
        if (!isDuplicate(error)) throw error;
      });
      return eraseKey(subject, destroyedAt);
    },
    page: async (after, limit) =>
      (
        await keys
          .find(after === null ? {} : { _id: { $gt: after } })
          .sort({ _id: 1 })
          .limit(limit)
          .toArray()
      ).map(toRecord),
    async replaceWrapped(subject, from, to) {
      const result = await keys.updateOne(
        { _id: subject, wrapped: from.wrapped, masterKeyId: from.masterKeyId, destroyedAt: null },
        { $set: { wrapped: to.wrapped, masterKeyId: to.masterKeyId } },
      );
      const marker = await erased.findOne({ _id: subject });
      if (marker) {
        await eraseKey(subject, marker.destroyedAt);
        return false;
      }
      return result.modifiedCount === 1;
    },
    close: () => Promise.resolve(),
  };
  return createKeyVault(storage, options.masterKey);
};
