import { topicsOf } from '@carebridge/event-schema';
import { createGrpcServer } from '@carebridge/grpc-kit';
import { createProjectionRunner, type ProjectionRunner } from '@carebridge/projection-runner';
import { startPublicHttp, type PublicHttp } from './publicHttp';
import { drainBudget, exitOnSignals } from './shutdown';
import type { Infrastructure, RunningService, RunOptions, ServiceRuntime } from './types';

const DEFAULT_GRACE_MS = 30_000;
const JOB_STOP_MS = 5_000;

/** Waits for a stop at most `ms`; an overrun is logged by name (a bug of that job) and shutdown goes on. */
const boundedStop = async (
  what: string,
  stopping: Promise<void>,
  ms: number,
  log: { error(o: object, m: string): void },
): Promise<void> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  const outcome = await Promise.race([
    stopping.then(
      () => 'stopped' as const,
      () => 'failed' as const,
    ),
    late,
  ]);
  clearTimeout(timer);
  if (outcome !== 'stopped') log.error({ what, outcome, ms }, 'did not stop cleanly; shutting down without it');
};

/** Topics this runtime consumes, created up front (with the partitions the registry names) so consumers can join. */
const ensureConsumedTopics = async (runtime: ServiceRuntime, infra: Infrastructure): Promise<void> => {
  const specs = topicsOf(infra.registry);
  const topics = [...new Set((runtime.projections ?? []).flatMap((p) => p.topics))];
  if (topics.length === 0) return;
  await infra.bus.admin.ensureTopics(
    topics.map((topic) => ({ topic, partitions: specs.find((s) => s.name === topic)?.partitions ?? 3 })),
  );
};

/**
 * Runs one service: the kit's gRPC server (health, reflection, auth), the outbox relay of its store, a projection
 * runner per projection, its jobs and its public HTTP app. stop(): NOT_SERVING, drain in-flight calls, then
 * publish what they wrote, stop consumers and jobs. With handleSignals (default) SIGTERM/SIGINT also close the
 * infrastructure and exit 0.
 */
export const runService = async (
  runtime: ServiceRuntime,
  infra: Infrastructure,
  options: RunOptions,
): Promise<RunningService> => {
  const deps = infra.depsFor(runtime.name);
  const log = deps.log;
  const host = options.host ?? '0.0.0.0';
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const server = createGrpcServer({
    serviceName: runtime.name,
    protoFiles: runtime.grpc.protoFiles,
    services: runtime.grpc.services,
    auth: options.auth,
    documents: deps.documents,
    port: options.grpcPort,
    httpPort: options.httpPort,
    host,
    logger: log,
    ...(options.grpcTls ? { tls: options.grpcTls } : {}),
    ...(runtime.onDenied ? { onDenied: runtime.onDenied } : {}),
    ...(options.drainDelayMs ? { drainDelayMs: options.drainDelayMs } : {}),
  });
  const readiness = runtime.readiness;
  if (readiness) server.registerReadiness(runtime.name, () => readiness());

  await ensureConsumedTopics(runtime, infra);
  const relay = infra.startRelay(runtime.name);
  const runners: ProjectionRunner[] = (runtime.projections ?? []).map((projection) =>
    createProjectionRunner({
      bus: infra.bus,
      projection,
      registry: infra.registry,
      inbox: deps.documents,
      groupId: `${runtime.name}.${projection.name}`,
    }),
  );
  for (const runner of runners) await runner.start();
  const jobs = runtime.jobs ?? [];
  for (const job of jobs)
    job.start({
      // The error's name only: a message may quote the data the pass was working on.
      reportError: (error) =>
        log.error({ job: job.name, errName: error instanceof Error ? error.name : typeof error }, 'job pass failed'),
    });
  let publicHttp: PublicHttp | undefined;
  if (runtime.http && options.publicHttpPort !== undefined)
    publicHttp = await startPublicHttp(runtime.http, options.publicHttpPort, host, {
      ...(options.publicHttpCacheSeconds !== undefined ? { publicMaxAgeSeconds: options.publicHttpCacheSeconds } : {}),
      ...(options.publicHttpTls ? { tls: options.publicHttpTls } : {}),
      onTlsReloadError: (err) =>
        log.warn({ errName: err.name, err: err.message }, 'public HTTPS: renewed files not loaded'),
    });
  const started = await server.start();
  // One line per start with every bound port (0 in the config means "any free port"): what ops and tests read.
  log.info(
    {
      grpcPort: started.port,
      httpPort: started.httpPort,
      publicHttpPort: publicHttp?.port,
      infrastructure: infra.describe(),
    },
    'service started',
  );

  let stopped: Promise<void> | undefined;
  const stop = (grace = graceMs): Promise<void> =>
    (stopped ??= (async () => {
      const began = Date.now();
      const step = (what: string): void => log.info({ step: what, ms: Date.now() - began }, 'shutdown step done');
      await server.stop(drainBudget(grace));
      await publicHttp?.close();
      // A job that will not stop must not keep the relay from publishing what the drained calls wrote.
      await Promise.all(jobs.map((job) => boundedStop(`job ${job.name}`, job.stop(), JOB_STOP_MS, log)));
      step('jobs');
      await Promise.all(runners.map((runner) => runner.stop()));
      step('consumers');
      // The relay's stop makes one final pass with its leases still held: the last calls' commits go out now.
      await relay.stop();
      step('relay');
    })());

  if (options.handleSignals ?? true) {
    exitOnSignals(
      async () => {
        await stop(graceMs);
        await infra.close();
        log.info('infrastructure closed');
      },
      graceMs,
      log,
    );
  }
  return {
    name: runtime.name,
    grpcPort: started.port,
    httpPort: started.httpPort,
    publicHttpPort: publicHttp?.port,
    publicRoutes: publicHttp?.routes ?? [],
    stop,
  };
};
