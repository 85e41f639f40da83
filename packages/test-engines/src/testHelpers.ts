import { randomBytes } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';

/**
 * A name no other test file uses at the same time (database, topic, consumer group): the engines are shared.
 * Only [a-z0-9_] so it is valid as a MongoDB database name and a Kafka topic.
 */
export const uniqueName = (prefix: string): string => {
  const safe = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .slice(0, 40);
  return `${safe}_${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
};

const required = (name: 'KAFKA_BROKERS' | 'MONGODB_URI'): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run integration tests through jest's int project (npm test)`);
  return value;
};

export const kafkaBrokers = (): string[] =>
  required('KAFKA_BROKERS')
    .split(',')
    .map((b) => b.trim());

export const mongoUri = (): string => required('MONGODB_URI');

export type TestDatabase = {
  readonly client: MongoClient;
  readonly db: Db;
  readonly name: string;
  /** Drops the database and closes the client. */
  dispose(): Promise<void>;
};

/** A fresh, uniquely named database; for beforeAll/afterAll use. */
export const openTestDatabase = async (prefix = 'test'): Promise<TestDatabase> => {
  const client = await MongoClient.connect(mongoUri());
  const name = uniqueName(prefix);
  const db = client.db(name);
  return {
    client,
    db,
    name,
    dispose: async () => {
      try {
        await db.dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
};

/** Runs fn against a fresh, uniquely named database and drops it afterwards, whatever fn did. */
export const withMongoDb = async <T>(fn: (db: Db, client: MongoClient) => Promise<T>, prefix = 'test'): Promise<T> => {
  const test = await openTestDatabase(prefix);
  try {
    return await fn(test.db, test.client);
  } finally {
    await test.dispose();
  }
};
