import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { keyRotationContract } from './testing';
import { createMongoKeyVault } from './mongoKeyVault';

const uri = process.env.MONGODB_URI;
if (!uri) throw new Error('MONGODB_URI is not set: run through the int project (its globalSetup provides it)');
const client = new MongoClient(uri);
afterAll(() => client.close());

keyRotationContract('MongoDB wire (official driver)', () => {
  // One database per case: other suites share the server.
  const db = client.db(`pd_rotation_${randomUUID().slice(0, 8)}`);
  return Promise.resolve({
    open: (masterKey) => createMongoKeyVault({ db, masterKey }),
    wrappedOf: async (subject) =>
      (await db.collection<{ _id: string; wrapped: string | null }>('subject_keys').findOne({ _id: subject }))!.wrapped,
    dispose: async () => void (await db.dropDatabase()),
  });
});
