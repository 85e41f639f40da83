import { randomUUID } from 'node:crypto';
import { createMongoDocumentStore } from '@carebridge/document-store-mongodb';
import type { EventStore } from '@carebridge/event-store';
import { createMongoEventStore, outboxBacklog } from '@carebridge/event-store-mongodb';
import { createKafkaBus, type MessageBus } from '@carebridge/messaging';
import { createProjectionRunner, type ProjectionRunner } from '@carebridge/projection-runner';
import { eventually, kafkaBrokers, openTestDatabase, uniqueName, type TestDatabase } from '@carebridge/test-engines';
import { spawnRelay } from '../test/relayChild';
import { RELAY_PROBE, relayProbeRegistry } from '../test/relayProbe';
import { versionsProjection } from '../test/versionsProjection';

const waitUntil = (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 90_000): Promise<boolean> =>
  eventually(check, { what, timeoutMs, intervalMs: 100 });

describe('outbox relay: a real relay process killed mid-batch loses nothing', () => {
  const topic = uniqueName('relay_crash');
  let database: TestDatabase;
  let store: EventStore;
  let bus: MessageBus;
  let runner: ProjectionRunner;
  let model: ReturnType<typeof versionsProjection>;
  const heads = new Map<string, number>();
  const relayEnv = () => ({
    CAREBRIDGE_RELAY_DB: database.name,
    CAREBRIDGE_RELAY_TOPIC: topic,
    CAREBRIDGE_RELAY_LEASE_MS: '6000',
  });

  const appendRound = async (streams: readonly string[], commitsPerStream: number): Promise<void> => {
    for (let c = 0; c < commitsPerStream; c++) {
      for (const stream of streams) {
        const head = heads.get(stream) ?? 0;
        // Commits of one or two events, so a commit's events must stay together and in order.
        const events = Array.from({ length: 1 + (c % 2) }, (_, i) => ({
          type: RELAY_PROBE,
          data: { n: head + i + 1 },
        }));
        const result = await store.append(stream, events, { expectedVersion: head, commandId: randomUUID() });
        heads.set(stream, result.toVersion);
      }
    }
  };
  const unpublished = () => outboxBacklog(database.db);
  const publishedOnTopic = async () => (await bus.admin.topicOffsets(topic)).reduce((n, p) => n + p.high, 0);
  const totalEvents = () => [...heads.values()].reduce((n, v) => n + v, 0);

  beforeAll(async () => {
    database = await openTestDatabase('relay_crash');
    const registry = relayProbeRegistry(topic);
    store = await createMongoEventStore({ db: database.db, registry });
    bus = createKafkaBus({ brokers: kafkaBrokers(), clientId: 'relay-crash-test' });
    await bus.admin.ensureTopics([{ topic, partitions: 3 }]);
    model = versionsProjection(topic, await createMongoDocumentStore({ db: database.db }));
    runner = createProjectionRunner({
      bus,
      projection: model.projection,
      groupId: uniqueName('relay_crash_g'),
      registry,
    });
    await runner.start();
  }, 120_000);

  afterAll(async () => {
    await runner?.stop();
    await bus?.close();
    await database?.dispose();
  }, 60_000);

  const expectEveryStreamComplete = async () => {
    await waitUntil('the projection to apply every event', async () => {
      const all = await Promise.all([...heads].map(([id]) => model.streams.get(id)));
      return all.every((doc, i) => doc?.versions.length === [...heads.values()][i]);
    });
    for (const [id, head] of heads) {
      expect((await model.streams.get(id))?.versions).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    }
  };

  it('killed after the store write, before the publish: the restarted relay publishes everything once', async () => {
    const streams = Array.from({ length: 6 }, (_, i) => `crash-a-${i}-${randomUUID().slice(0, 6)}`);
    await appendRound(streams, 3);
    const doomed = spawnRelay({ ...relayEnv(), CAREBRIDGE_RELAY_CRASH_AT: 'before-publish' });
    await doomed.waitForLine((l) => l.crashPoint === 'before-publish');
    await doomed.kill('SIGKILL');
    expect(await publishedOnTopic()).toBe(0);
    expect(await unpublished()).toBe(18);

    const relay = spawnRelay(relayEnv());
    await waitUntil('every commit published and checkpointed', async () => (await unpublished()) === 0);
    await relay.kill('SIGTERM');
    expect(await publishedOnTopic()).toBe(totalEvents());
    await expectEveryStreamComplete();
  }, 180_000);

  it('killed after the publish, before the checkpoint: the duplicate is absorbed, order holds', async () => {
    const streams = [...heads.keys()]
      .slice(0, 3)
      .concat(Array.from({ length: 3 }, (_, i) => `crash-b-${i}-${randomUUID().slice(0, 6)}`));
    const before = await publishedOnTopic();
    await appendRound(streams, 2);
    const doomed = spawnRelay({ ...relayEnv(), CAREBRIDGE_RELAY_CRASH_AT: 'before-checkpoint' });
    await doomed.waitForLine((l) => l.crashPoint === 'before-checkpoint');
    await doomed.kill('SIGKILL');
    // Published and acknowledged, yet the checkpoint has not moved: the restart must publish it again.
    expect(await publishedOnTopic()).toBeGreaterThan(before);
    expect(await unpublished()).toBeGreaterThan(0);

    const relay = spawnRelay(relayEnv());
    await waitUntil('every commit published and checkpointed', async () => (await unpublished()) === 0);
    await relay.kill('SIGTERM');
    const onTopic = await publishedOnTopic();
    expect(onTopic).toBeGreaterThan(totalEvents());
    await expectEveryStreamComplete();
    await waitUntil('every record delivered', () => model.deliveries() >= onTopic);
    // Every record reached the projection, duplicates included; the read model still shows each event once.
    expect(model.deliveries()).toBeGreaterThan(totalEvents());
  }, 180_000);
});
