import { randomBytes, randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MongoClient } from 'mongodb';
import { programmeProtoFiles, scopedKeyOf } from '@carebridge/grpc-kit';
import { createTestClient } from '@carebridge/grpc-kit/testing';
import { mintToken } from '@carebridge/service-host';
import { spawnNode, waitForServing } from '@carebridge/service-host/testing';
import { eventually, kafkaBrokers, mongoUri, uniqueName } from '@carebridge/test-engines';
import { productionCommands } from './productionCommands';

const root = path.resolve(__dirname, '../..');
/** The default SHUTDOWN_GRACE_MS; Kubernetes allows 45 s (terminationGracePeriodSeconds). */
const GRACE_MS = 30_000;
// Several at once, so that even a fast command is still in flight when SIGTERM arrives.
const IN_FLIGHT = 5;

/** Every service with a production entry, as the Dockerfile targets run them. */
const only = process.env.PRODUCTION_ENTRY_ONLY;
const withMain = fs
  .readdirSync(path.join(root, 'services'))
  .filter(
    (name) =>
      (only ? name === only : name !== 'suite') && fs.existsSync(path.join(root, 'services', name, 'src', 'main.ts')),
  )
  .sort();

const secret = randomBytes(32).toString('base64');
const issuer = 'carebridge';
const audience = 'carebridge';

describe('production entry points, started as the image starts them', () => {
  beforeAll(() => {
    // The image runs dist/; build what the entries need (incremental: cheap after `npm test`'s tsc -b).
    for (const name of withMain)
      execFileSync(path.join(root, 'node_modules/.bin/tsc'), ['-b', `services/${name}/tsconfig.json`], {
        cwd: root,
        stdio: 'inherit',
      });
  }, 600_000);

  it('finds the production entries and knows a command for each', () => {
    expect(withMain.length).toBeGreaterThan(0);
    expect(withMain.filter((name) => !productionCommands[name])).toEqual([]);
  });

  it.each(withMain)('%s: a start that cannot succeed says why on stderr and exits 1', async (name) => {
    // Production without its engines: the embedded default is refused, and the reason reaches the operator.
    const child = spawnNode([`services/${name}/dist/main.js`], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', CAREBRIDGE_JWT_SECRET: secret },
      cwd: root,
    });
    const exit = await child.exited;
    expect({ name, code: exit.code }).toEqual({ name, code: 1 });
    expect(child.output()).toContain(
      `${name} failed to start: Error: NODE_ENV=production needs MONGODB_URI and KAFKA_BROKERS`,
    );
  });

  it.each(withMain)(
    '%s: SERVING, then SIGTERM drains the in-flight commands and exits 0 within the grace period',
    async (name) => {
      const command = productionCommands[name]!;
      const database = uniqueName(`prod_${name}`);
      // Environment only, the names k8s/base and docker-compose.yml set; no dev tooling, no test hooks.
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        // Any free port: the service binds them and says which in its "service started" line (a port picked here
        // and bound later could be taken meanwhile by another process's outgoing connection).
        GRPC_PORT: '0',
        HTTP_PORT: '0',
        PUBLIC_HTTP_PORT: '0',
        MONGODB_URI: mongoUri(),
        MONGODB_DATABASE: database,
        KAFKA_BROKERS: kafkaBrokers().join(','),
        CAREBRIDGE_JWT_SECRET: secret,
        CAREBRIDGE_JWT_ISSUER: issuer,
        CAREBRIDGE_JWT_AUDIENCE: audience,
        CAREBRIDGE_MASTER_KEY: randomBytes(32).toString('base64'),
        CAREBRIDGE_PSEUDONYM_KEY: randomBytes(32).toString('base64'),
        LOG_LEVEL: 'info',
      };
      const child = spawnNode([`services/${name}/dist/main.js`], { env, cwd: root });
      const mongo = await MongoClient.connect(mongoUri());
      try {
        const { grpcPort, httpPort } = JSON.parse(
          await child.waitForLine((line) => line.includes('"msg":"service started"'), 120_000),
        ) as { grpcPort: number; httpPort: number };
        await waitForServing(`127.0.0.1:${grpcPort}`, {
          timeoutMs: 120_000,
          alive: () => child.process.exitCode === null,
        });
        const token = await mintToken(
          { roles: command.token.roles, division: command.token.division, subject: 'ops-test' },
          { secret, issuer, audience },
        );
        const client = createTestClient({
          address: `127.0.0.1:${grpcPort}`,
          protoFiles: programmeProtoFiles(command.programme),
          service: command.service,
          token,
        });
        const keys = Array.from({ length: command.inFlight ?? IN_FLIGHT }, () => randomUUID());
        const calls = keys.map((key, n) =>
          client.call(command.method, command.request(n), { idempotencyKey: key, deadlineMs: GRACE_MS }),
        );
        // SIGTERM once the service reports calls in flight (its /metrics gauge), so the drain has work to wait for.
        await eventually(
          async () => {
            const metrics = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
            return Number(/^grpc_server_inflight_calls (\d+)$/m.exec(metrics)?.[1] ?? 0) > 0;
          },
          { what: `${name}: calls in flight`, timeoutMs: 60_000, intervalMs: 5 },
        );
        child.process.kill('SIGTERM');

        const outcomes = await Promise.allSettled(calls);
        const exit = await child.exited;
        client.close();
        const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as Error).message] : []));
        expect({ name, failures }).toEqual({ name, failures: [] });
        // Exit 0 means the drain finished within the grace period: past it, the service exits 1.
        expect({ name, code: exit.code, signal: exit.signal }).toEqual({ name, code: 0, signal: null });
        // The kit reports how many calls were in flight when the drain began: the scenario must have had some.
        const draining = child
          .output()
          .split('\n')
          .find((l) => l.includes('"msg":"draining"'));
        expect(draining).toBeDefined();
        expect((JSON.parse(draining!) as { inflight: number }).inflight).toBeGreaterThan(0);
        if (command.stored) {
          const commits = mongo.db(database).collection('commits');
          // A handler's commandId is the caller's key scoped to the caller and the RPC (ADR 0011).
          const scoped = (key: string): string =>
            scopedKeyOf({ caller: 'ops-test', method: `/${command.service}/${command.method}`, key });
          for (const key of keys)
            expect({ key, stored: (await commits.countDocuments({ commandId: scoped(key) })) > 0 }).toEqual({
              key,
              stored: true,
            });
        }
      } catch (error) {
        throw new Error(
          `${name}: ${(error as Error).message}\n--- process output ---\n${child.output().slice(-4_000)}`,
          { cause: error },
        );
      } finally {
        await child.kill('SIGKILL');
        await mongo
          .db(database)
          .dropDatabase()
          .catch(() => undefined);
        await mongo.close();
      }
    },
    300_000,
  );
});
