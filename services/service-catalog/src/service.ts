import { programmeProtoFiles } from '@carebridge/grpc-kit';
import type { Projection } from '@carebridge/projection-runner';
import type { ServiceDeps, ServiceRuntime } from '@carebridge/service-host';
import { createCatalog, type Catalog } from './catalog';
import { loadDeqingDemo } from './demo/loadDeqingDemo';

export const SERVICE_CATALOG_SERVICE = 'carebridge.catalog.v1.ServiceCatalog';

export type ServiceCatalogOptions = {
  /** Seed of the Deqing-shaped demo that `seed` loads (222 organisations, 928 items). */
  readonly demoSeed?: number;
};

/**
 * The service catalog on the host contract, composed the same way by main.ts (MongoDB + Kafka) and by the
 * embedded suite: gRPC for the county and the organisations, the public HSDS 3.0 API and community map on the
 * public HTTP port, referral intake from referrals.v1, its read models from catalog.* topics, the demo seed.
 */
export const createServiceCatalogService = (
  deps: ServiceDeps,
  options: ServiceCatalogOptions = {},
): ServiceRuntime & { readonly catalog: Catalog } => {
  const catalog = createCatalog({
    eventStore: deps.eventStore,
    documents: deps.documents,
    keyVault: deps.keyVault,
    pseudonymKey: deps.pseudonymKey,
    clock: deps.clock,
  });
  const referralIntake: Projection = {
    name: 'catalog-referral-intake',
    topics: catalog.consumers.referrals.topics,
    handle: async (event) => void (await catalog.consumers.referrals.handle(event)),
  };
  // Re-applies from the topics what the inline path already applied (applyOnce skips it): recovery and rebuilds.
  const readModels: Projection = {
    name: catalog.projection.name,
    topics: catalog.projection.topics,
    handle: (event) => catalog.projection.handle(event),
    reset: () => catalog.projection.reset(),
  };
  return {
    name: 'service-catalog',
    catalog,
    grpc: { protoFiles: programmeProtoFiles('catalog'), services: catalog.grpcServices() },
    onDenied: (ctx, method, reason) => {
      deps.log.warn(
        { method, code: ctx.code, subject: ctx.principal?.subject, division: ctx.principal?.division, reason },
        'catalog call refused',
      );
    },
    http: (app) => {
      app.use(catalog.publicApi());
    },
    projections: [referralIntake, readModels],
    seed: async () => {
      const started = Date.now();
      const loaded = await loadDeqingDemo(catalog, options.demoSeed === undefined ? {} : { seed: options.demoSeed });
      deps.log.info({ ...loaded, ms: Date.now() - started }, 'catalog demo data ready');
    },
    readiness: () => Promise.resolve(true),
  };
};
