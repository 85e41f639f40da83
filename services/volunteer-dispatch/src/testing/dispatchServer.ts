import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createTestClient, issueTestToken, testAuthOptions, type TestClient } from '@carebridge/grpc-kit/testing';
import { masterKeyOf } from '@carebridge/personal-data';
import {
  openInfrastructure,
  runService,
  type Infrastructure,
  type InfrastructureConfig,
  type RunningService,
} from '@carebridge/service-host';
import { kafkaBrokers, mongoUri, uniqueName } from '@carebridge/test-engines';
import { MongoClient } from 'mongodb';
import { DISPATCH_SERVICE, dispatchProtoFiles } from '../grpc/dispatchGrpc';
import { createVolunteerDispatchService } from '../service';

export type HostMode = InfrastructureConfig['mode'];

/**
 * The dispatch service as production runs it (service-host: kit server, auth, relay, jobs) on a real
 * infrastructure of its own: a fresh MongoDB database + Kafka, or fresh SQLite files. The clock is moved by hand.
 * The referrals.v1 consumer is left out: its consumer group and topic are shared with every other test run.
 */
export const startDispatchServer = async (mode: HostMode, startAt: string) => {
  let now = Date.parse(startAt);
  const clock = () => new Date(now);
  const database = uniqueName('dispatch_e2e');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dispatch-e2e-'));
  const secrets = { masterKey: masterKeyOf(randomBytes(32)), pseudonymKey: randomBytes(32), clock };
  const infra: Infrastructure = await openInfrastructure(
    mode === 'real'
      ? {
          mode,
          serviceName: 'volunteer-dispatch',
          mongodbUri: mongoUri(),
          database,
          kafkaBrokers: kafkaBrokers(),
          ...secrets,
        }
      : { mode, dataDir, ...secrets },
  );
  const runtime = await createVolunteerDispatchService(infra.depsFor('volunteer-dispatch'), { tickMs: 60 * 60_000 });
  const running: RunningService = await runService({ ...runtime, projections: [] }, infra, {
    grpcPort: 0,
    httpPort: false,
    host: '127.0.0.1',
    auth: testAuthOptions(),
    handleSignals: false,
  });
  const clients: TestClient[] = [];
  /** A client whose calls carry a token with these roles, subject and division. */
  const clientFor = async (sub: string, roles: string[], division: string): Promise<TestClient> => {
    const token = await issueTestToken({ sub, roles, division, expiresIn: 3_600 });
    const client = createTestClient({
      address: `127.0.0.1:${running.grpcPort}`,
      protoFiles: dispatchProtoFiles(),
      service: DISPATCH_SERVICE,
      token,
    });
    clients.push(client);
    return client;
  };
  const eventStore = infra.depsFor('volunteer-dispatch').eventStore;
  return {
    app: runtime.app,
    clientFor,
    /** The global position of the raw log: unchanged means nothing was stored. */
    logPosition: async (): Promise<number> => {
      let after = 0;
      for (;;) {
        const page = await eventStore.readAll({ after, limit: 1000 });
        if (page.checkpoint === after) return after;
        after = page.checkpoint;
      }
    },
    rawLog: () => eventStore.readAll({ after: 0, limit: 5000 }),
    advanceMinutes: (minutes: number) => {
      now += minutes * 60_000;
    },
    async close() {
      for (const c of clients) c.close();
      await running.stop(5_000);
      await infra.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (mode === 'real') {
        const mongo = await MongoClient.connect(mongoUri());
        await mongo.db(database).dropDatabase();
        await mongo.close();
      }
    },
  };
};

export type DispatchServer = Awaited<ReturnType<typeof startDispatchServer>>;
