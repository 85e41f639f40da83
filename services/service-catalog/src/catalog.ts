import type { DocumentStore } from '@carebridge/document-store';
import type { EventStore } from '@carebridge/event-store';
import { createPersonalDataCipher, type KeyVault } from '@carebridge/personal-data';
import { exportPersonRecordsMethod } from '@carebridge/service-host';
import { createCatalogContext } from './application/catalogContext';
import { createOrganizationApi } from './application/organizations';
import { createPublicQueries } from './application/publicQueries';
import { createReferralConsumer } from './application/referralConsumer';
import { createServiceItemApi } from './application/serviceItems';
import { createServiceRequestApi } from './application/serviceRequests';
import { catalogPersonRecords } from './application/personRecords';
import { CATALOG_GRPC_SERVICE, createCatalogGrpcHandlers } from './grpc/catalogHandlers';
import { createPublicApi, createPublicApp } from './http/publicApi';

export type CatalogDepsInput = {
  readonly eventStore: EventStore;
  readonly documents: DocumentStore;
  readonly keyVault: KeyVault;
  /** Key of the pseudonymous person references; the same key everywhere the suite links a person. */
  readonly pseudonymKey: Buffer;
  readonly clock?: () => Date;
  readonly newId?: () => string;
};

/** The catalog's application: commands, public queries, consumers and the read-model projection. */
export const createCatalog = (input: CatalogDepsInput) => {
  const ctx = createCatalogContext({
    eventStore: input.eventStore,
    documents: input.documents,
    cipher: createPersonalDataCipher(input.keyVault),
    clock: input.clock ?? (() => new Date()),
    pseudonymKey: input.pseudonymKey,
    ...(input.newId ? { newId: input.newId } : {}),
  });
  const organizations = createOrganizationApi(ctx);
  const items = createServiceItemApi(ctx);
  const requests = createServiceRequestApi(ctx);
  const publicQueries = createPublicQueries(ctx.models);
  const api = { organizations, items, requests };
  return {
    ...api,
    publicQueries,
    /** The public HSDS directory and community map as a router, for the host's public app (runtime.http). */
    publicApi: (options: { openapiUrl?: string } = {}) => createPublicApi(publicQueries, options),
    /** The same on an app of its own, with the host's hygiene (listen on it in tests). */
    publicApp: (options: { openapiUrl?: string } = {}) => createPublicApp(publicQueries, options),
    /** gRPC handlers by fully qualified service name, for createGrpcServer. */
    grpcServices: () => {
      const handlers = createCatalogGrpcHandlers(api);
      const personRecords = exportPersonRecordsMethod(catalogPersonRecords(ctx));
      return { [CATALOG_GRPC_SERVICE]: { ...handlers[CATALOG_GRPC_SERVICE], ExportPersonRecords: personRecords } };
    },
    consumers: {
      /** referral.Requested (to = catalog) from referrals.v1. */
      referrals: createReferralConsumer(ctx, requests),
    },
    /** Read models from catalog.* topics (the runner re-applies what the inline path already did; applyOnce absorbs it). */
    projection: ctx.projection,
    models: ctx.models,
  };
};

export type Catalog = ReturnType<typeof createCatalog>;
