import { MongoClient } from 'mongodb';
import { createKafkaBus } from '@carebridge/messaging';
import { createOutboxRelay, type RelayPoint } from '@carebridge/outbox-relay';
import { createMongoOutboxStorage } from '@carebridge/event-store-mongodb/src/outbox';
import { relayProbeRegistry } from './relayProbe';

/**
 * A real relay process for the crash tests. CAREBRIDGE_RELAY_CRASH_AT=before-publish|before-checkpoint makes it
 * announce that point on stdout and hang there, so the test can SIGKILL it exactly between two steps.
 * Reports are JSON lines on stdout.
 */
const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const report = (line: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

const main = async (): Promise<void> => {
  const crashAt = process.env.CAREBRIDGE_RELAY_CRASH_AT as RelayPoint | undefined;
  const client = await MongoClient.connect(env('MONGODB_URI'));
  const bus = createKafkaBus({ brokers: env('KAFKA_BROKERS').split(','), clientId: 'relay-test-process' });
  const relay = createOutboxRelay({
    storage: createMongoOutboxStorage(client.db(env('CAREBRIDGE_RELAY_DB'))),
    publisher: bus.publisher,
    registry: relayProbeRegistry(env('CAREBRIDGE_RELAY_TOPIC')),
    source: 'relay-tests',
    leaseTtlMs: Number(process.env.CAREBRIDGE_RELAY_LEASE_MS ?? 6_000),
    pollIntervalMs: 100,
    batchSize: Number(process.env.CAREBRIDGE_RELAY_BATCH ?? 50),
    ...(process.env.CAREBRIDGE_RELAY_MAX_SHARDS ? { maxShards: Number(process.env.CAREBRIDGE_RELAY_MAX_SHARDS) } : {}),
    at: async (point) => {
      if (point !== crashAt) return;
      report({ crashPoint: point });
      await new Promise<never>(() => undefined);
    },
    onPublished: (commits) => report({ published: commits.reduce((n, c) => n + c.events.length, 0) }),
    onError: (error) => report({ error: error instanceof Error ? error.message : String(error) }),
  });
  process.once('SIGTERM', () => {
    void (async () => {
      await relay.stop();
      await bus.close();
      await client.close();
      report({ stopped: relay.owner });
      process.exit(0);
    })();
  });
  relay.start();
  report({ started: relay.owner });
};

main().catch((error: unknown) => {
  report({ fatal: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
