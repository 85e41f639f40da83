import { setTimeout as sleep } from 'node:timers/promises';
import { createMongoOutboxStorage } from '@carebridge/event-store-mongodb';
import { createKafkaBus, type MessageBus } from '@carebridge/messaging';
import { kafkaBrokers, openTestDatabase, uniqueName, type TestDatabase } from '@carebridge/test-engines';
import { createOutboxRelay, type OutboxRelay } from './createOutboxRelay';
import { relayProbeRegistry } from '../test/relayProbe';

const TTL_MS = 1_500;

/** Polls until `check` holds, or fails naming what never happened. */
const eventually = async (what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(50);
  }
};

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
    await eventually('the first relay holds all 16 shards', () => first.heldShards().length === 16);

    const second = startRelay();
    await eventually(
      'each relay holds 8 shards',
      () => first.heldShards().length === 8 && second.heldShards().length === 8,
    );
    const together = [...first.heldShards(), ...second.heldShards()].sort((a, b) => a - b);
    expect(together).toEqual(Array.from({ length: 16 }, (_, shard) => shard));

    await second.stop();
    expect(second.heldShards()).toEqual([]);
    await eventually('the first relay holds all 16 shards again', () => first.heldShards().length === 16);
  }, 60_000);
});
