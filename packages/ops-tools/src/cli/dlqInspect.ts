import { kafkaSecurityFromEnv } from '@carebridge/messaging';
import { inspectDeadLetters } from '../inspectDeadLetters';
import { brokersFrom, main, parseOptions, positiveInteger, required, runCli, type Output } from './cliOptions';

const USAGE = `usage: npm run dlq:inspect -- --topic <topic>.dlq [--pending] [--limit <n>] [--group <replay group>] [--json] [--brokers host:port,...]`;

export const runDlqInspect = (argv: readonly string[], env: NodeJS.ProcessEnv, output: Output): Promise<number> =>
  runCli(USAGE, output, async () => {
    const o = parseOptions(argv, {
      topic: { type: 'string' },
      pending: { type: 'boolean' },
      limit: { type: 'string' },
      group: { type: 'string' },
      json: { type: 'boolean' },
      brokers: { type: 'string' },
    });
    if (o.help) return (output.out(USAGE), 0);
    const limit = positiveInteger(o.limit, 'limit');
    const records = await inspectDeadLetters({
      brokers: brokersFrom(o.brokers, env),
      // TLS and SASL as the services reach the brokers: KAFKA_SECURITY_PROTOCOL, KAFKA_SSL_*, KAFKA_SASL_*.
      security: kafkaSecurityFromEnv(env),
      dlqTopic: required(o.topic, 'topic'),
      pendingOnly: o.pending ?? false,
      ...(limit ? { limit } : {}),
      ...(o.group ? { replayGroupId: o.group } : {}),
    });
    if (o.json) {
      for (const r of records) output.out(JSON.stringify(r));
      return 0;
    }
    for (const r of records) {
      output.out(
        `${r.partition}@${r.offset}  ${r.status.padEnd(8)} ${r.ceType ?? '(no ce_type)'}  id ${r.ceId ?? '-'}  from ${r.origin ?? '-'}  ` +
          `consumer ${r.consumer ?? '-'}  attempts ${r.attempts ?? '-'}  replays ${r.replayCount}  at ${r.failedAt ?? '-'}  ` +
          `error ${r.errorType ?? '-'}: ${r.errorMessage ?? ''}`,
      );
    }
    output.out(`${records.length} record(s), ${records.filter((r) => r.status === 'pending').length} pending`);
    return 0;
  });

if (require.main === module) main(runDlqInspect);
