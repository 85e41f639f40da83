import * as grpc from '@grpc/grpc-js';
import { loadPackageDefinition } from '@carebridge/proto';
import { createLogger } from '@carebridge/telemetry';
import {
  createEchoServer,
  createTestClient,
  echoProtoFile,
  ECHO_SERVICE,
  issueTestToken,
  type TestClient,
} from '../src/testing';

export type KitBenchResult = {
  readonly calls: number;
  readonly concurrency: number;
  readonly kitCallsPerSecond: number;
  readonly bareCallsPerSecond: number;
  /** kit / bare: the share of a bare grpc-js server's throughput the kit keeps. */
  readonly ratio: number;
};

const reply = (text: string) => ({
  text,
  subject: 'bench',
  division: '630100',
  commandId: '',
  amountFen: '100',
  traceparent: '',
});

/** The same Echo proto on a bare grpc-js server: no auth, no metrics, no error mapping. */
const startBare = async (): Promise<{ port: number; stop: () => Promise<void> }> => {
  const definition = loadPackageDefinition([echoProtoFile]);
  const server = new grpc.Server();
  const unimplemented: grpc.handleUnaryCall<unknown, unknown> = (_c, cb) => cb({ code: grpc.status.UNIMPLEMENTED });
  server.addService(definition[ECHO_SERVICE] as unknown as grpc.ServiceDefinition, {
    Say: ((call: grpc.ServerUnaryCall<{ text: string }, unknown>, cb: grpc.sendUnaryData<unknown>) =>
      cb(null, reply(call.request.text))) as grpc.handleUnaryCall<unknown, unknown>,
    Slow: unimplemented,
    Fail: unimplemented,
    Admin: unimplemented,
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return { port, stop: () => new Promise((r) => server.tryShutdown(() => r())) };
};

/** `calls` unary calls, `concurrency` at a time; calls per second. */
const drive = async (client: TestClient, calls: number, concurrency: number): Promise<number> => {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < calls) {
      next += 1;
      await client.call('Say', { text: 'bench', amountFen: '100' });
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return calls / ((performance.now() - t0) / 1000);
};

/**
 * Unary calls per second through the kit (JWT verification, role check, context, metrics, error mapping,
 * server span) against a bare grpc-js server with the same proto, in the same process and run. Rounds
 * alternate so warm-up and machine noise fall on both sides.
 */
export const benchKit = async (
  options: { readonly calls?: number; readonly concurrency?: number; readonly rounds?: number } = {},
): Promise<KitBenchResult> => {
  const calls = options.calls ?? 4000;
  const concurrency = options.concurrency ?? 32;
  const rounds = options.rounds ?? 4;
  const kit = createEchoServer({ logger: createLogger({ serviceName: 'kit-bench', level: 'warn' }), httpPort: false });
  const kitPort = (await kit.start()).port;
  const bare = await startBare();
  const token = await issueTestToken({ sub: 'bench', roles: ['bench'], division: '630100' });
  const kitClient = createTestClient({
    address: `127.0.0.1:${kitPort}`,
    protoFiles: [echoProtoFile],
    service: ECHO_SERVICE,
    token,
  });
  const bareClient = createTestClient({
    address: `127.0.0.1:${bare.port}`,
    protoFiles: [echoProtoFile],
    service: ECHO_SERVICE,
    token,
  });
  try {
    await drive(kitClient, 500, concurrency);
    await drive(bareClient, 500, concurrency);
    let kitTotal = 0;
    let bareTotal = 0;
    for (let i = 0; i < rounds; i += 1) {
      // Alternate which side goes first, so neither always runs on a warmer process.
      const [first, second] = i % 2 === 0 ? [bareClient, kitClient] : [kitClient, bareClient];
      const a = await drive(first, calls, concurrency);
      const b = await drive(second, calls, concurrency);
      kitTotal += first === kitClient ? a : b;
      bareTotal += first === kitClient ? b : a;
    }
    const kitCallsPerSecond = Math.round(kitTotal / rounds);
    const bareCallsPerSecond = Math.round(bareTotal / rounds);
    return {
      calls: calls * rounds,
      concurrency,
      kitCallsPerSecond,
      bareCallsPerSecond,
      ratio: Number((kitCallsPerSecond / bareCallsPerSecond).toFixed(2)),
    };
  } finally {
    kitClient.close();
    bareClient.close();
    await kit.stop(1000);
    await bare.stop();
  }
};
