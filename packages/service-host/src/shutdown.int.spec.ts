import { randomBytes, randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { createTestClient, issueTestToken } from '@carebridge/grpc-kit/testing';
import { createKafkaBus, type IncomingRecord } from '@carebridge/messaging';
import { kafkaBrokers, mongoUri, tsHookPath, uniqueName } from '@carebridge/test-engines';
import { MongoClient } from 'mongodb';
import { TOY_SERVICE, toyProtoFile } from '../test/fixtures/toyService';
import { spawnNode, waitForServing, waitUntil } from './testing';

const SECRET = randomBytes(32).toString('base64');
const GRACE_MS = 15_000;

describe('SIGTERM on a real service process', () => {
  const topic = uniqueName('hosttest_sigterm');
  const database = uniqueName('hosttest_sigterm');

  afterAll(async () => {
    const mongo = await MongoClient.connect(mongoUri());
    await mongo.db(database).dropDatabase();
    await mongo.close();
  });

  it('stops serving, completes the in-flight command, publishes it, and exits 0 within the grace period', async () => {
    const child = spawnNode(['--require', tsHookPath, path.join(__dirname, '../test/fixtures/toyProcess.ts')], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        MONGODB_URI: mongoUri(),
        MONGODB_DATABASE: database,
        KAFKA_BROKERS: kafkaBrokers().join(','),
        // Any free port; the ready line names it (a port picked here could be taken before the child binds it).
        GRPC_PORT: '0',
        HTTP_PORT: '0',
        PUBLIC_HTTP_PORT: '0',
        CAREBRIDGE_JWT_SECRET: SECRET,
        CAREBRIDGE_MASTER_KEY: randomBytes(32).toString('base64'),
        CAREBRIDGE_PSEUDONYM_KEY: randomBytes(32).toString('base64'),
        SHUTDOWN_GRACE_MS: String(GRACE_MS),
        SHUTDOWN_DRAIN_DELAY_MS: '500',
        LOG_LEVEL: 'info',
        TOY_TOPIC: topic,
      },
    });
    try {
      const { ready: grpcPort } = JSON.parse(await child.waitForLine((l) => l.startsWith('{"ready"'), 90_000)) as {
        ready: number;
      };
      await waitForServing(`127.0.0.1:${grpcPort}`);
      const token = await issueTestToken({ sub: 'w-1', roles: ['toy.writer'], division: '320000' }, SECRET);
      const client = createTestClient({
        address: `127.0.0.1:${grpcPort}`,
        protoFiles: [toyProtoFile],
        service: TOY_SERVICE,
        token,
      });
      const counterId = `c-${randomUUID().slice(0, 8)}`;

      const inFlight = client.call<{ total: number; version: number }>(
        'Increment',
        { counterId, by: 7, delayMs: 2_500 },
        { idempotencyKey: randomUUID() },
      );
      await child.waitForLine((l) => l.includes('"increment held"') && l.includes(counterId));
      child.process.kill('SIGTERM');

      await expect(inFlight).resolves.toMatchObject({ total: 7, version: 1 });
      const exit = await child.exited;
      client.close();
      // Exit 0 means the drain finished within the grace period: past it, exitOnSignals exits 1.
      expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
      expect(child.output()).toContain('draining');

      // The final relay pass put the in-flight command's event on Kafka before the process left.
      const bus = createKafkaBus({ brokers: kafkaBrokers(), clientId: 'hosttest-sigterm-check' });
      const received: IncomingRecord[] = [];
      const sub = await bus.subscribe({
        groupId: uniqueName('hosttest_check'),
        topics: [topic],
        fromBeginning: true,
        eachBatch: (b) => {
          received.push(...b.records);
          return Promise.resolve();
        },
      });
      try {
        await waitUntil(
          'the in-flight event on Kafka',
          () => received.some((r) => r.key === `counter-${counterId}`),
          60_000,
        );
      } finally {
        await sub.stop();
        await bus.close();
      }
    } finally {
      await child.kill('SIGKILL');
    }
  }, 240_000);
});
