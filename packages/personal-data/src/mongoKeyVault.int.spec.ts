import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { keyVaultContract } from './testing';
import { createMongoKeyVault } from './mongoKeyVault';

const uri = process.env.MONGODB_URI;
if (!uri) throw new Error('MONGODB_URI is not set: run through the int project (its globalSetup provides it)');
const client = new MongoClient(uri);
afterAll(() => client.close());

keyVaultContract('MongoDB wire (official driver)', async (masterKey) => {
  // One database per case: other suites share the server.
  const db = client.db(`pd_keys_${randomUUID().slice(0, 8)}`);
  const vault = await createMongoKeyVault({ db, masterKey });
  return {
    vault,
    raw: async () => JSON.stringify(await db.collection('subject_keys').find({}).toArray()),
    dispose: async () => {
      await vault.close();
      await db.dropDatabase();
    },
  };
});
