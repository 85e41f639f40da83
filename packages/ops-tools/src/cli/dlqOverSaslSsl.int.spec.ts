import { createKafkaBus, kafkaSecurityFromEnv } from '@carebridge/messaging';
import { secureEngines, uniqueName } from '@carebridge/test-engines';
import { runDlqInspect } from './dlqInspect';
import type { Output } from './cliOptions';

/** The dead-letter tools reach a SASL_SSL cluster with the settings the services read from their environment. */
describe('dlq:inspect over SASL_SSL', () => {
  const engines = secureEngines();
  const env: NodeJS.ProcessEnv = {
    KAFKA_BROKERS: engines.kafkaSaslSslBrokers,
    KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
    KAFKA_SSL_CA_FILE: engines.caFile,
    KAFKA_SASL_USERNAME: engines.kafkaSaslUsername,
    KAFKA_SASL_PASSWORD_FILE: engines.kafkaSaslPasswordFile,
  };

  it('lists a dead letter of a topic on the SCRAM listener', async () => {
    const dlq = `${uniqueName('sasl_origin')}.dlq`;
    const bus = createKafkaBus({
      brokers: [engines.kafkaSaslSslBrokers],
      clientId: 'dlq-sasl',
      security: kafkaSecurityFromEnv(env),
    });
    try {
      await bus.admin.ensureTopics([{ topic: dlq, partitions: 1 }]);
      await bus.publisher.send([
        { topic: dlq, key: 's-1', value: '{}', headers: { ce_type: 'org.carebridge.test.Failed.v1', ce_id: 'e-1' } },
      ]);
    } finally {
      await bus.close();
    }
    const lines: string[] = [];
    const output: Output = { out: (line) => void lines.push(line), err: (line) => void lines.push(`ERR ${line}`) };
    expect(await runDlqInspect(['--topic', dlq], env, output)).toBe(0);
    expect(lines.at(-1)).toBe('1 record(s), 1 pending');
    expect(lines[0]).toContain('org.carebridge.test.Failed.v1  id e-1');
  });
});
