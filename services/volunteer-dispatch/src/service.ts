import { eventRegistry } from '@carebridge/event-schema';
import { createPersonalDataCipher, sealingEventStore } from '@carebridge/personal-data';
import type { ServiceDeps, ServiceRuntime } from '@carebridge/service-host';
import { createDispatchApplication, type DispatchApplication } from './application/dispatchApplication';
import { dispatchKeySubjectOf } from './application/keySubjects';
import { dispatchPersonRecords } from './application/personRecords';
import { createReferralProjection } from './application/referralProjection';
import { seedDemo } from './demo/seedDemo';
import { wuhanCommunities } from './demo/wuhanCommunities';
import { createCommunityDirectory, type Community } from './domain/communities';
import { offerTimeoutsFrom } from './domain/offerDeadlines';
import { dispatchGrpcServices, dispatchProtoFiles } from './grpc/dispatchGrpc';

export type DispatchServiceOptions = {
  /** The community directory; the Wuhan-like demo directory (1,394 communities) by default. */
  readonly communities?: readonly Community[];
  /** How many demo volunteers `seed` registers (20,000 by default). */
  readonly seedVolunteers?: number;
  /** Timeout job period. */
  readonly tickMs?: number;
};

/**
 * Volunteer dispatch as one unit, composed the same way by main.ts (MongoDB + Kafka) and the embedded suite:
 * gRPC API, the referrals.v1 consumer, the log tail and offer-timeout jobs, the demo seed.
 */
export const createVolunteerDispatchService = async (
  deps: ServiceDeps,
  options: DispatchServiceOptions = {},
): Promise<ServiceRuntime & { readonly app: DispatchApplication }> => {
  const cipher = createPersonalDataCipher(deps.keyVault);
  const communities = options.communities ?? wuhanCommunities();
  const app = createDispatchApplication({
    store: sealingEventStore(deps.eventStore, cipher, eventRegistry, dispatchKeySubjectOf),
    documents: deps.documents,
    directory: createCommunityDirectory(communities),
    clock: deps.clock,
    pseudonymKey: deps.pseudonymKey,
    offerTimeouts: offerTimeoutsFrom(process.env),
    ...(options.tickMs ? { tickMs: options.tickMs } : {}),
  });
  // The candidate index lives in memory: it is rebuilt from the log before the first call is served.
  await app.catchUp();
  return {
    name: 'volunteer-dispatch',
    app,
    grpc: {
      protoFiles: dispatchProtoFiles(),
      services: dispatchGrpcServices(app, dispatchPersonRecords(app, deps.eventStore, cipher)),
    },
    onDenied: (ctx, method, reason) => {
      deps.log.warn(
        { method, code: ctx.code, subject: ctx.principal?.subject, division: ctx.principal?.division, reason },
        'dispatch call refused',
      );
    },
    projections: [createReferralProjection(app, cipher)],
    jobs: app.jobs,
    seed: async () => {
      const started = Date.now();
      const result = await seedDemo(
        app,
        communities,
        options.seedVolunteers === undefined ? {} : { volunteers: options.seedVolunteers },
      );
      deps.log.info(
        { ...result, ms: Date.now() - started, volunteers: app.index.size, communities: communities.length },
        'dispatch demo data ready',
      );
    },
    readiness: () => Promise.resolve(true),
  };
};
