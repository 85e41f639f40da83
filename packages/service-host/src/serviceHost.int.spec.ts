import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { status, type ServiceError } from '@grpc/grpc-js';
import { checkHealth } from '@carebridge/grpc-kit';
import { createTestClient, decodeStatusDetails, issueTestToken, testAuthOptions } from '@carebridge/grpc-kit/testing';
import type { IncomingRecord } from '@carebridge/messaging';
import { masterKeyOf } from '@carebridge/personal-data';
import { kafkaBrokers, mongoUri, uniqueName } from '@carebridge/test-engines';
import { MongoClient } from 'mongodb';
import { toyEvents } from '../test/fixtures/toyDecider';
import { createToyService, TOY_SERVICE, toyProtoFile } from '../test/fixtures/toyService';
import { openInfrastructure } from './openInfrastructure';
import { runService } from './runService';
import { waitUntil as waitFor } from './testing';
import type { Infrastructure, InfrastructureConfig, RunningService } from './types';

type Mode = InfrastructureConfig['mode'];

const secrets = { masterKey: masterKeyOf(randomBytes(32)), pseudonymKey: randomBytes(32) };

describe.each<Mode>(['real', 'embedded'])('the toy service on the %s infrastructure', (mode) => {
  const topic = uniqueName(`hosttest_${mode}`);
  const database = uniqueName('hosttest');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'carebridge-host-'));
  let infra: Infrastructure;
  let running: RunningService;
  let client: ReturnType<typeof createTestClient>;
  let writer: string;

  beforeAll(async () => {
    const { registry } = toyEvents(topic);
    infra = await openInfrastructure(
      mode === 'real'
        ? {
            mode,
            serviceName: 'toy',
            mongodbUri: mongoUri(),
            database,
            kafkaBrokers: kafkaBrokers(),
            registry,
            ...secrets,
          }
        : { mode, dataDir, registry, ...secrets },
    );
    running = await runService(createToyService(infra.depsFor('toy'), topic), infra, {
      grpcPort: 0,
      httpPort: 0,
      publicHttpPort: 0,
      host: '127.0.0.1',
      auth: testAuthOptions(),
      handleSignals: false,
    });
    writer = await issueTestToken({ sub: 'w-1', roles: ['toy.writer'], division: '320000' });
    client = createTestClient({
      address: `127.0.0.1:${running.grpcPort}`,
      protoFiles: [toyProtoFile],
      service: TOY_SERVICE,
      token: writer,
    });
  });

  afterAll(async () => {
    client?.close();
    await running?.stop(5_000);
    await infra?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (mode === 'real') {
      const mongo = await MongoClient.connect(mongoUri());
      await mongo.db(database).dropDatabase();
      await mongo.close();
    }
  });

  it('serves gRPC health and the kit probes', async () => {
    await expect(checkHealth(`127.0.0.1:${running.grpcPort}`)).resolves.toBe('SERVING');
    await expect(checkHealth(`127.0.0.1:${running.grpcPort}`, TOY_SERVICE)).resolves.toBe('SERVING');
    const ready = await fetch(`http://127.0.0.1:${running.httpPort}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { toy: true } });
  });

  it('takes a command through gRPC to the bus (relay) and into the projection', async () => {
    const counterId = `c-${randomUUID().slice(0, 8)}`;
    const received: IncomingRecord[] = [];
    const watcher = await infra.bus.subscribe({
      groupId: uniqueName('hosttest_watch'),
      topics: [topic],
      fromBeginning: true,
      eachBatch: (batch) => {
        received.push(...batch.records);
        return Promise.resolve();
      },
    });
    try {
      const first = await client.call<{ total: number; version: number }>(
        'Increment',
        { counterId, by: 2 },
        { idempotencyKey: randomUUID() },
      );
      const second = await client.call<{ total: number; version: number }>(
        'Increment',
        { counterId, by: 3 },
        { idempotencyKey: randomUUID() },
      );
      expect([first, second]).toEqual([
        expect.objectContaining({ total: 2, version: 1 }),
        expect.objectContaining({ total: 5, version: 2 }),
      ]);

      await waitFor(
        'both events on the bus',
        () => received.filter((r) => r.key === `counter-${counterId}`).length === 2,
        60_000,
      );
      const published = received.filter((r) => r.key === `counter-${counterId}`);
      expect(published.map((r) => r.headers.ce_type)).toEqual([
        'org.carebridge.hosttest.Incremented.v1',
        'org.carebridge.hosttest.Incremented.v1',
      ]);
      expect(published.map((r) => r.headers.ce_source)).toEqual(['/toy', '/toy']);
      expect(published.map((r) => (JSON.parse(r.value.toString()) as { total: number }).total)).toEqual([2, 5]);

      let projected: { total: number; events: number } | undefined;
      await waitFor('the projection to reach total 5', async () => {
        projected = await client
          .call<{ total: number; events: number }>('GetTotal', { counterId })
          .catch(() => undefined);
        return projected?.total === 5;
      });
      expect(projected).toMatchObject({ total: 5, events: 2 });
      const overHttp = await fetch(`http://127.0.0.1:${running.publicHttpPort}/totals/${counterId}`);
      expect(await overHttp.json()).toEqual({ id: counterId, total: 5, events: 2 });
    } finally {
      await watcher.stop();
    }
  });

  it('refuses bad input naming the field and stores nothing; refuses calls without a token', async () => {
    const counterId = `bad-${randomUUID().slice(0, 8)}`;
    const refused = (await client
      .call('Increment', { counterId, by: 0 }, { idempotencyKey: randomUUID() })
      .catch((e: unknown) => e)) as ServiceError;
    expect(refused.code).toBe(status.INVALID_ARGUMENT);
    expect(decodeStatusDetails(refused)?.fieldViolations).toEqual([{ field: 'by', description: 'must be 1..100' }]);
    await expect(infra.depsFor('toy').eventStore.streamVersion(`counter-${counterId}`)).resolves.toBe(0);

    const anonymous = (await client
      .call('Increment', { counterId, by: 1 }, { token: 'not-a-token' })
      .catch((e: unknown) => e)) as ServiceError;
    expect(anonymous.code).toBe(status.UNAUTHENTICATED);
  });

  it('runs the jobs while serving', async () => {
    await waitFor(
      'the ticker job to tick',
      async () =>
        ((await (await fetch(`http://127.0.0.1:${running.publicHttpPort}/ticks`)).json()) as { ticks: number }).ticks >
        0,
      10_000,
    );
  });
});
