import { MongoServerError, type Db } from 'mongodb';
import { createKeyVault, type KeyRecord, type KeyRecordStorage, type KeyVault } from './keyVault';
import type { MasterKey } from './masterKey';

type KeyDocument = Omit<KeyRecord, 'subject'> & { _id: string };

const toRecord = ({ _id, ...rest }: KeyDocument): KeyRecord => ({ subject: _id, ...rest });

/**
 * Key vault on MongoDB (official driver): collection `subject_keys`, one document per subject (`_id`), unique
 * `kid`. Single-document writes only, so it runs on FerretDB as on MongoDB.
 */
export const createMongoKeyVault = async (options: { db: Db; masterKey: MasterKey; collection?: string }): Promise<KeyVault> => {
  const keys = options.db.collection<KeyDocument>(options.collection ?? 'subject_keys');
  await keys.createIndex({ kid: 1 }, { unique: true, name: 'kid_unique' });
  const storage: KeyRecordStorage = {
    async insertIfAbsent(record) {
      const { subject, ...rest } = record;
      try {
        await keys.insertOne({ _id: subject, ...rest });
        return record;
      } catch (error) {
        if (!(error instanceof MongoServerError && error.code === 11000)) throw error;
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
      const result = await keys.updateOne({ _id: subject, wrapped: { $ne: null } }, { $set: { wrapped: null, destroyedAt } });
      return result.modifiedCount === 1;
    },
    close: async () => undefined,
  };
  return createKeyVault(storage, options.masterKey);
};
