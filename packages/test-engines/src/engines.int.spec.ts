import { MongoClient } from 'mongodb';
import { kafkaClusterId, mongoServerVersion } from './describeEngines';
import { kafkaBrokers, mongoUri, withMongoDb } from './testHelpers';

describe('test engines handed over by globalSetup', () => {
  it('point at a Kafka broker that reports a cluster id', async () => {
    await expect(kafkaClusterId(kafkaBrokers().join(','))).resolves.toMatch(/^[A-Za-z0-9_-]{10,}$/);
  });

  it('point at a MongoDB-wire server that reports its version', async () => {
    await expect(mongoServerVersion(mongoUri())).resolves.toMatch(/^(FerretDB|MongoDB) v?\d+\.\d+/);
  });

  it('withMongoDb gives a fresh database and drops it afterwards', async () => {
    const name = await withMongoDb(async (db) => {
      expect(await db.collection('probe').countDocuments()).toBe(0);
      await db.collection('probe').insertOne({ _id: 'x' as never, at: 1 });
      expect(await db.collection('probe').countDocuments()).toBe(1);
      return db.databaseName;
    }, 'test_engines');
    const client = await MongoClient.connect(mongoUri());
    try {
      const { databases } = await client.db('admin').admin().listDatabases();
      expect(databases.map((d) => d.name)).not.toContain(name);
    } finally {
      await client.close();
    }
  });
});
