import * as path from 'node:path';
import { checkHealth } from '@carebridge/grpc-kit';
import {
  exitOnSignals,
  hostAuthFromEnv,
  openInfrastructure,
  runService,
  type RunningService,
  type ServiceRuntime,
} from '@carebridge/service-host';
import { createLogger } from '@carebridge/telemetry';
import { printBanner, type StartedService } from './banner';
import { suitePorts } from './catalogue';
import { composition } from './composition';

/**
 * Health as the banner should report it: right after seeding, the projections catch up on the demo events in
 * this same process, so one check may wait behind them. Ask again until SERVING, for a bounded time.
 */
const healthOnceSettled = async (address: string, timeoutMs = 180_000): Promise<string> => {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    last = await checkHealth(address).catch((e: Error) => e.message);
    if (last === 'SERVING') return last;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return last;
};

/**
 * `npm start`: every composed service in this one process, on ONE embedded infrastructure (SQLite files under
 * CAREBRIDGE_DATA_DIR, default ./.data, and the in-process bus). Needs nothing but Node. Development only.
 */
const main = async (env = process.env): Promise<void> => {
  if (env.NODE_ENV === 'production')
    throw new Error('the embedded suite is for development; production runs each service image (see docs)');
  const log = createLogger({ serviceName: 'suite' });
  // An empty setting (`NAME=`) counts as not set.
  const setting = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);
  const dataDir = path.resolve(setting('CAREBRIDGE_DATA_DIR') ?? '.data');
  const { auth, development } = hostAuthFromEnv(env, false);
  const host = setting('HOST') ?? '127.0.0.1';
  const graceMs = Number(setting('SHUTDOWN_GRACE_MS') ?? 20_000);
  // Always embedded: MONGODB_URI / KAFKA_BROKERS in the environment are for the service images, not for this.
  const infra = await openInfrastructure({ mode: 'embedded', dataDir });
  const running: RunningService[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.all(running.map((r) => r.stop(graceMs)));
    await infra.close();
  };
  try {
    const runtimes: ServiceRuntime[] = [];
    for (const { name, create } of composition) {
      const runtime = await create({ ...infra.depsFor(name), auth });
      const ports = suitePorts(name, env);
      running.push(await runService(runtime, infra, { ...ports, auth, host, graceMs, handleSignals: false }));
      runtimes.push(runtime);
    }
    for (const runtime of runtimes) await runtime.seed?.();
    const started: StartedService[] = [];
    for (const r of running) started.push({ ...r, health: await healthOnceSettled(`127.0.0.1:${r.grpcPort}`) });
    printBanner({ started, host, dataDir: infra.describe(), developmentAuth: development });
  } catch (error) {
    log.error({ errName: (error as Error).name, err: (error as Error).message }, 'the suite could not start');
    await stopAll().catch(() => undefined);
    throw error;
  }
  exitOnSignals(stopAll, graceMs + 5_000, log);
};

main().catch((error: unknown) => {
  process.stderr.write(`carebridge suite failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
