import type { DocumentStore } from '@carebridge/document-store';
import type { EventRegistry } from '@carebridge/event-schema';
import { createGrpcServer, type AuthOptions } from '@carebridge/grpc-kit';
import type { MessageBus } from '@carebridge/messaging';
import { createOutboxRelay, type OutboxStorage } from '@carebridge/outbox-relay';
import { createProjectionRunner } from '@carebridge/projection-runner';
import type { Logger } from '@carebridge/telemetry';
import type { HotlineRuntime } from './service';

export type RunOptions = {
  readonly outbox: OutboxStorage;
  readonly bus: MessageBus;
  readonly registry: EventRegistry;
  /** Holds the projection runners' inbox. */
  readonly documents: DocumentStore;
  readonly auth: AuthOptions;
  readonly grpcPort: number;
  readonly httpPort?: number | false;
  readonly host?: string;
  readonly logger?: Logger;
  /** Suffix of the consumer groups (tests run their own). */
  readonly groupSuffix?: string;
  /** False leaves the jobs to the caller (tests tick the deadline watcher by hand). */
  readonly startJobs?: boolean;
  readonly relayPollMs?: number;
};

/** The topics the hotline writes and reads: its own, and the cross-programme referrals. */
const topicsOf = (registry: EventRegistry): string[] => [
  ...new Set(registry.definitions.filter((d) => /^(hotline|referral)\./.test(d.type)).map((d) => d.topic)),
];

/**
 * Runs the hotline runtime the way the service host does (kit server, outbox relay, projection runners, jobs;
 * drain on stop). main.ts and the e2e tests both start the service through here.
 */
export const runHotline = async (runtime: HotlineRuntime, options: RunOptions) => {
  const { bus, registry } = options;
  await bus.admin.ensureTopics(topicsOf(registry).map((topic) => ({ topic })));
  const server = createGrpcServer({
    serviceName: runtime.name,
    protoFiles: runtime.grpc.protoFiles,
    services: runtime.grpc.services,
    auth: options.auth,
    port: options.grpcPort,
    httpPort: options.httpPort ?? false,
    onDenied: runtime.onDenied,
    ...(options.host ? { host: options.host } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const relay = createOutboxRelay({
    storage: options.outbox,
    publisher: bus.publisher,
    registry,
    source: runtime.name,
    ...(options.relayPollMs ? { pollIntervalMs: options.relayPollMs } : {}),
  });
  const runners = runtime.projections.map((projection) =>
    createProjectionRunner({
      bus,
      projection,
      registry,
      inbox: options.documents,
      groupId: `projection.${projection.name}${options.groupSuffix ? `.${options.groupSuffix}` : ''}`,
    }),
  );
  server.registerDrainable('outbox-relay', { drain: () => relay.stop() });
  runners.forEach((r) => server.registerDrainable(r.groupId, { drain: () => r.stop() }));
  const started = await server.start();
  relay.start();
  await Promise.all(runners.map((r) => r.start()));
  if (options.startJobs !== false) runtime.jobs.forEach((job) => job.start());
  return {
    ...started,
    relay,
    async stop(graceMs = 10_000): Promise<void> {
      await Promise.all(runtime.jobs.map((job) => job.stop()));
      await server.stop(graceMs);
    },
  };
};
export type RunningHotline = Awaited<ReturnType<typeof runHotline>>;
