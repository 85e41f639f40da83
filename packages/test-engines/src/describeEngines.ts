import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import type { EngineEndpoints } from './engineEndpoints';

/** Asks Kafka for its cluster id: proof that a real broker answered. */
export const kafkaClusterId = async (brokers: string): Promise<string> => {
  const kafka = new Kafka({
    clientId: 'carebridge-test-engines',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 10 },
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.describeCluster()).clusterId;
  } finally {
    await admin.disconnect();
  }
};

/** FerretDB reports its own release in buildInfo.ferretdbVersion next to the MongoDB version it emulates. */
export const mongoServerVersion = async (uri: string): Promise<string> => {
  const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 30_000 });
  try {
    const info = await client.db('admin').command({ buildInfo: 1 });
    const ferret: unknown = info.ferretdbVersion;
    return typeof ferret === 'string' ? `FerretDB ${ferret}` : `MongoDB ${String(info.version)}`;
  } finally {
    await client.close();
  }
};

/** Passwords in a connection string stay out of logs. */
const redact = (uri: string): string => uri.replace(/\/\/[^@/]*@/, '//***@');

/** One line naming the servers the tests talk to, e.g. "engines: Kafka cluster x5cl… at 127.0.0.1:19092 (…)". */
export const describeEngines = async (endpoints: EngineEndpoints): Promise<string> => {
  const [clusterId, version] = await Promise.all([
    kafkaClusterId(endpoints.kafkaBrokers),
    mongoServerVersion(endpoints.mongoUri),
  ]);
  return (
    `engines: Kafka cluster ${clusterId} at ${endpoints.kafkaBrokers} (${endpoints.source}); ` +
    `${version} at ${redact(endpoints.mongoUri)}`
  );
};
