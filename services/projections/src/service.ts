import type { Express } from 'express';
import type { DocumentStore } from '@carebridge/document-store';
import { authFromEnv, type AuthOptions, type ServiceHandlers } from '@carebridge/grpc-kit';
import type { MessageBus } from '@carebridge/messaging';
import type { KeyVault } from '@carebridge/personal-data';
import type { Logger } from '@carebridge/telemetry';
import { PROJECTIONS_SERVICE, PROTO_FILES, projectionsHandlers } from './api/grpcHandlers';
import { mountHttpRoutes } from './api/httpRoutes';
import { createQueries } from './queries';
import { createReadModels } from './runtime/readModels';
import { topicNames } from './topics';

/** What the host hands every service (see packages/service-host), plus this service's own options. */
export type ProjectionsDeps = {
  readonly documents: DocumentStore;
  readonly keyVault: KeyVault;
  readonly bus: MessageBus;
  readonly pseudonymKey: Buffer;
  readonly log: Logger;
  readonly clock?: () => Date;
  /** Namespace of every topic and consumer group (env CAREBRIDGE_TOPIC_PREFIX); none in production. */
  readonly topicPrefix?: string;
  readonly topicSuffix?: string;
  /** Programme topics that get an analytics twin; every domain topic by default. */
  readonly analyticsOf?: readonly string[];
  /** JWT verification for the HTTP dashboards (the gRPC port is verified by the kit). */
  readonly auth?: AuthOptions;
};

/**
 * The projections service: read models fed from every programme's topics, their gRPC and HTTP queries, and the
 * analytics twins. Its consumers run as one job (not as host projections) so the admin rebuild can stop a
 * model's consumer, replay it and start it again.
 */
export const createProjectionsService = (deps: ProjectionsDeps) => {
  if (deps.pseudonymKey.length < 32)
    throw new Error('pseudonymKey must hold at least 32 bytes (CAREBRIDGE_PSEUDONYM_KEY)');
  const readModels = createReadModels({
    bus: deps.bus,
    documents: deps.documents,
    keyVault: deps.keyVault,
    pseudonymKey: deps.pseudonymKey,
    topics: topicNames({ prefix: deps.topicPrefix ?? '', suffix: deps.topicSuffix ?? '' }),
    ...(deps.analyticsOf ? { analyticsOf: deps.analyticsOf } : {}),
  });
  const queries = createQueries(deps.documents);
  let starting: Promise<void> | undefined;
  const services: Record<string, ServiceHandlers> = { [PROJECTIONS_SERVICE]: projectionsHandlers(queries, readModels) };
  return {
    name: 'projections' as const,
    grpc: { protoFiles: PROTO_FILES, services },
    http: (app: Express) => mountHttpRoutes(app, queries, readModels, deps.auth ?? authFromEnv()),
    jobs: [
      {
        name: 'read-models',
        start() {
          starting = readModels
            .start()
            .catch((error: unknown) =>
              deps.log.error({ err: error instanceof Error ? error.name : 'error' }, 'read models failed to start'),
            );
        },
        async stop() {
          await starting;
          await readModels.stop();
        },
      },
    ],
    readiness: () => Promise.resolve(readModels.running()),
    readModels,
    queries,
  };
};

export type ProjectionsRuntime = ReturnType<typeof createProjectionsService>;
