import type { DocumentStore } from '@carebridge/document-store';
import type { EventRegistry } from '@carebridge/event-schema';
import type { EventStore } from '@carebridge/event-store';
import { programmeProtoFiles, type OnDenied, type ServiceHandlers } from '@carebridge/grpc-kit';
import type { MessageBus } from '@carebridge/messaging';
import type { KeyVault } from '@carebridge/personal-data';
import type { Projection } from '@carebridge/projection-runner';
import type { Logger } from '@carebridge/telemetry';
import { createHotlineApplication, type HotlineApplication } from './application/hotlineApplication';
import { referralOutcomeProjection } from './application/referralOutcomeProjection';
import type { DeadlineRules } from './domain/deadlines';
import type { Jurisdictions } from './domain/jurisdictions';
import { createHotlineHandlers, HOTLINE_SERVICE } from './grpc/handlers';
import { createRefusalAudit } from './grpc/refusalAudit';

/** What the service host hands every service (packages/service-host), plus the hotline's own rule overrides. */
export type HotlineServiceDeps = {
  readonly eventStore: EventStore;
  readonly documents: DocumentStore;
  readonly keyVault: KeyVault;
  readonly clock: () => Date;
  readonly bus?: MessageBus;
  readonly pseudonymKey?: Buffer;
  readonly log?: Logger;
  readonly jurisdictions?: Jurisdictions;
  readonly deadlines?: DeadlineRules;
  readonly registry?: EventRegistry;
  /** How often the deadline watcher looks (default 30 s): well under the shortest escalation step. */
  readonly watchIntervalMs?: number;
};

export type HotlineRuntime = {
  readonly name: 'hotline';
  readonly grpc: { readonly protoFiles: string[]; readonly services: Record<string, ServiceHandlers> };
  readonly onDenied: OnDenied;
  readonly projections: Projection[];
  readonly jobs: { readonly name: string; start(): void; stop(): Promise<void> }[];
  /** The application layer beneath the API, for tests and the embedded suite's seed. */
  readonly app: HotlineApplication;
};

/** The 12349 hotline as the host runs it: gRPC API, referral-outcome consumer, deadline watcher. */
export const createHotlineService = (deps: HotlineServiceDeps): HotlineRuntime => {
  const app = createHotlineApplication(deps);
  const refusals = createRefusalAudit(app.audit);
  const watcher = app.jobs.deadlineWatcher;
  return {
    name: 'hotline',
    grpc: { protoFiles: programmeProtoFiles('hotline'), services: { [HOTLINE_SERVICE]: createHotlineHandlers(app, refusals) } },
    onDenied: refusals.onDenied,
    projections: [referralOutcomeProjection(app)],
    jobs: [{ name: 'deadline-watcher', start: () => watcher.start(deps.watchIntervalMs), stop: () => watcher.stop() }],
    app,
  };
};
