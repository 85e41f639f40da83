import { createServer } from 'node:net';
import { GenericContainer, Wait } from 'testcontainers';
import type { EngineEndpoints } from './engineEndpoints';

const kafkaImage = process.env.CAREBRIDGE_KAFKA_IMAGE ?? 'apache/kafka:4.1.1';
const mongoImage = process.env.CAREBRIDGE_MONGO_IMAGE ?? 'mongo:7.0';

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

/**
 * Real Apache Kafka (KRaft) and MongoDB images. Kafka must advertise the address clients dial, so its listener
 * uses the same port inside and outside the container.
 */
export const startContainerEngines = async (): Promise<EngineEndpoints> => {
  const port = await freePort();
  const [kafka, mongo] = await Promise.all([
    new GenericContainer(kafkaImage)
      .withExposedPorts({ container: port, host: port })
      .withEnvironment({
        KAFKA_NODE_ID: '1',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_LISTENERS: `PLAINTEXT://0.0.0.0:${port},CONTROLLER://localhost:9093`,
        KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${port}`,
        KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
        KAFKA_NUM_PARTITIONS: '3',
      })
      .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
      .withStartupTimeout(180_000)
      .start(),
    new GenericContainer(mongoImage)
      .withExposedPorts(27017)
      .withWaitStrategy(Wait.forLogMessage(/Waiting for connections/))
      .start(),
  ]);
  return {
    kafkaBrokers: `127.0.0.1:${port}`,
    mongoUri: `mongodb://${mongo.getHost()}:${mongo.getMappedPort(27017)}/`,
    source: 'testcontainers',
    stop: async () => {
      await Promise.all([kafka.stop(), mongo.stop()]);
    },
  };
};
