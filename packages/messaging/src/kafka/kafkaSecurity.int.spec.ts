import { readFile } from 'node:fs/promises';
import { Kafka, logLevel } from 'kafkajs';
import { eventually, secureEngines, uniqueName } from '@carebridge/test-engines';
import type { IncomingRecord, MessageBus } from '../types';
import { createKafkaBus } from './kafkaBus';
import { kafkaClientSecurity, kafkaSecurityFromEnv, type KafkaSecurity } from './kafkaSecurity';

/** The local Kafka's SASL_SSL listener, with the CA and SCRAM user engines.sh made for it. */
const engines = secureEngines();
const brokers = [engines.kafkaSaslSslBrokers];
const saslEnv = {
  KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
  KAFKA_SSL_CA_FILE: engines.caFile,
  KAFKA_SASL_MECHANISM: engines.kafkaSaslMechanism,
  KAFKA_SASL_USERNAME: engines.kafkaSaslUsername,
  KAFKA_SASL_PASSWORD_FILE: engines.kafkaSaslPasswordFile,
};

/** Connects an admin client once, without retries, and says how it went. */
const connectOnce = async (security: KafkaSecurity): Promise<string> => {
  const admin = new Kafka({
    clientId: 'sasl-ssl-refusal',
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 5_000,
    ...kafkaClientSecurity(security),
  }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return 'connected';
  } catch (err) {
    return `${(err as Error).name}: ${(err as Error).message}`;
  } finally {
    await admin.disconnect();
  }
};

describe('the Kafka bus over SASL_SSL (SCRAM-SHA-512)', () => {
  let bus: MessageBus;
  beforeAll(() => {
    bus = createKafkaBus({ brokers, clientId: uniqueName('sasl-ssl'), security: kafkaSecurityFromEnv(saslEnv) });
  });
  afterAll(() => bus.close());

  it('publishes and consumes records with the settings a service reads from its environment', async () => {
    const topic = uniqueName('sasl-ssl-topic');
    const received: IncomingRecord[] = [];
    const subscription = await bus.subscribe({
      groupId: uniqueName('sasl-ssl-group'),
      topics: [topic],
      fromBeginning: true,
      eachBatch: (batch) => {
        received.push(...batch.records);
        return Promise.resolve();
      },
    });
    try {
      await bus.publisher.send([{ topic, key: 'stream-1', value: '{"n":1}', headers: { ce_type: 'test.v1' } }]);
      const [record] = await eventually(() => received.length > 0 && received, {
        what: 'the record to come back over SASL_SSL',
      });
      expect(record).toMatchObject({ topic, key: 'stream-1' });
      expect(record?.headers.ce_type).toBe('test.v1');
      expect(record?.value.toString()).toBe('{"n":1}');
    } finally {
      await subscription.stop();
    }
  });

  it('is refused with a wrong SCRAM password', async () => {
    const right = await readFile(engines.kafkaSaslPasswordFile, 'utf8');
    const security = kafkaSecurityFromEnv({
      ...saslEnv,
      KAFKA_SASL_PASSWORD_FILE: '',
      KAFKA_SASL_PASSWORD: `${right}x`,
    });
    expect(await connectOnce(security)).toMatch(
      /^KafkaJSSASLAuthenticationError: SASL SCRAM SHA512 authentication failed/,
    );
    // The positive control: the same client with the right password connects.
    expect(await connectOnce(kafkaSecurityFromEnv(saslEnv))).toBe('connected');
  });

  it('does not connect to a broker whose certificate it cannot verify', async () => {
    // The system's CAs do not know the engines' CA.
    const security = kafkaSecurityFromEnv({ ...saslEnv, KAFKA_SSL_CA_FILE: '' });
    expect(await connectOnce(security)).toMatch(/self[- ]signed certificate in certificate chain|unable to verify/i);
  });
});
