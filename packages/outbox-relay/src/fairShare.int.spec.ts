import { createMongoOutboxStorage } from '@carebridge/event-store-mongodb';
import { createKafkaBus, type MessageBus } from '@carebridge/messaging';
import { eventually, kafkaBrokers, openTestDatabase, uniqueName, type TestDatabase } from '@carebridge/test-engines';
import { createOutboxRelay, type OutboxRelay } from './createOutboxRelay';
import { relayProbeRegistry } from '../test/relayProbe';

const TTL_MS = 1_500;

const until = (what: string, check: () => boolean, timeoutMs = 20_000): Promise<boolean> =>
  eventually(check, { what, timeoutMs, intervalMs: 50 });

describe('outbox relays share the shards fairly (FerretDB leases and heartbeats)', () => {
  let database: TestDatabase;
  let bus: MessageBus;
  const relays: OutboxRelay[] = [];
  const startRelay = (): OutboxRelay => {
    const relay = createOutboxRelay({
      storage: createMongoOutboxStorage(database.db),
      publisher: bus.publisher,
      registry: relayProbeRegistry(uniqueName('fair_share')),
      source: 'fair-share-test',
      leaseTtlMs: TTL_MS,
      pollIntervalMs: 50,
    });
    relay.start();
    relays.push(relay);
    return relay;
  };

  beforeAll(async () => {
    database = await openTestDatabase('fair_share');
    bus = createKafkaBus({ brokers: kafkaBrokers(), clientId: 'fair-share-test' });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(relays.map((r) => r.stop()));
    await bus?.close();
    await database?.dispose();
  }, 60_000);

  it('one relay holds every shard; a second one gets half; when it stops the first takes them all back', async () => {
    const first = startRelay();
    await until('the first relay holds all 16 shards', () => first.heldShards().length === 16);

    const second = startRelay();
    await until('each relay holds 8 shards', () => first.heldShards().length === 8 && second.heldShards().length === 8);
    const together = [...first.heldShards(), ...second.heldShards()].sort((a, b) => a - b);
    expect(together).toEqual(Array.from({ length: 16 }, (_, shard) => shard));

    await second.stop();
    expect(second.heldShards()).toEqual([]);
    await until('the first relay holds all 16 shards again', () => first.heldShards().length === 16);
  }, 60_000);
});
