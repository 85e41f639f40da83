import { kafkaSecurityFromEnv } from '@carebridge/messaging';
import { replayDeadLetters } from '../replayDeadLetters';
import { brokersFrom, instant, main, parseOptions, positiveInteger, required, runCli, type Output } from './cliOptions';

const USAGE = `usage: npm run dlq:replay -- --topic <topic>.dlq [--dry-run] [--type <ce_type>] [--since <ISO time>] [--limit <n>]
                          [--group <consumer group>] [--brokers host:port,...]   (brokers default to KAFKA_BROKERS)`;

export const runDlqReplay = (argv: readonly string[], env: NodeJS.ProcessEnv, output: Output): Promise<number> =>
  runCli(USAGE, output, async () => {
    const o = parseOptions(argv, {
      topic: { type: 'string' },
      'dry-run': { type: 'boolean' },
      type: { type: 'string' },
      since: { type: 'string' },
      limit: { type: 'string' },
      group: { type: 'string' },
      brokers: { type: 'string' },
    });
    if (o.help) return (output.out(USAGE), 0);
    const since = instant(o.since, 'since');
    const limit = positiveInteger(o.limit, 'limit');
    const s = await replayDeadLetters({
      brokers: brokersFrom(o.brokers, env),
      // TLS and SASL as the services reach the brokers: KAFKA_SECURITY_PROTOCOL, KAFKA_SSL_*, KAFKA_SASL_*.
      security: kafkaSecurityFromEnv(env),
      dlqTopic: required(o.topic, 'topic'),
      dryRun: o['dry-run'] ?? false,
      filter: { ...(o.type ? { ceType: o.type } : {}), ...(since ? { since } : {}) },
      ...(limit ? { limit } : {}),
      ...(o.group ? { groupId: o.group } : {}),
    });
    output.out(
      `${s.dryRun ? 'DRY RUN: nothing sent, nothing committed. ' : ''}${s.dlqTopic} -> ${s.originTopic} (group ${s.groupId})`,
    );
    output.out(
      `  scanned ${s.scanned}, ${s.dryRun ? 'would replay' : 'replayed'} ${s.replayed}, filtered out ${s.filteredOut}, refused ${s.refused}`,
    );
    for (const [type, n] of Object.entries(s.byType).sort()) output.out(`  ${String(n).padStart(6)}  ${type}`);
    output.out(`  still pending for the group: ${s.pendingAfter}`);
    if (s.unfinishedPartitions.length > 0)
      output.out(
        `  partitions not read to the end: ${s.unfinishedPartitions.join(', ')} (limit reached, or another replay holds them)`,
      );
    return 0;
  });

if (require.main === module) main(runDlqReplay);
