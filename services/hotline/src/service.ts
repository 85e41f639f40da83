import type { EventRegistry } from '@carebridge/event-schema';
import { programmeProtoFiles } from '@carebridge/grpc-kit';
import { createPersonalDataCipher } from '@carebridge/personal-data';
import { exportPersonRecordsMethod, type ServiceDeps, type ServiceRuntime } from '@carebridge/service-host';
import { createHotlineApplication, type HotlineApplication } from './application/hotlineApplication';
import { hotlinePersonRecords } from './application/personRecords';
import { referralOutcomeProjection } from './application/referralOutcomeProjection';
import { seedDemo } from './demo/seedDemo';
import { deadlineRulesFrom, type DeadlineRules } from './domain/deadlines';
import type { Jurisdictions } from './domain/jurisdictions';
import { retentionRuleFrom, type RetentionRule } from './domain/retention';
import { createHotlineHandlers, HOTLINE_SERVICE } from './grpc/handlers';
import { createRefusalAudit } from './grpc/refusalAudit';

/** What the service host hands every service, plus the hotline's own rule overrides. */
export type HotlineServiceDeps = ServiceDeps & {
  readonly jurisdictions?: Jurisdictions;
  /** The deadline rules; the published ones with the operator's DEADLINE_HOTLINE_* overrides by default. */
  readonly deadlines?: DeadlineRules;
  /** The infrastructure's registry when it is not the suite's own (tests suffix its topics). */
  readonly registry?: EventRegistry;
  /** How often the deadline watcher looks (default 30 s): well under the shortest escalation step. */
  readonly watchIntervalMs?: number;
  /** How long closed cases are kept; the published default with DEADLINE_HOTLINE_RETENTION_CLOSED_CASE_MINUTES. */
  readonly retention?: RetentionRule;
  /** How often the retention purge looks (default hourly): retention periods run in days. */
  readonly purgeIntervalMs?: number;
};

/** The runtime, and the application layer beneath the API for tests and the suite's seed. */
export type HotlineRuntime = ServiceRuntime & { readonly app: HotlineApplication };

/** The 12349 hotline as the host runs it: gRPC API, referral-outcome consumer, deadline watcher, demo cases. */
export const createHotlineService = (deps: HotlineServiceDeps): HotlineRuntime => {
  const app = createHotlineApplication({
    ...deps,
    deadlines: deps.deadlines ?? deadlineRulesFrom(process.env),
    retention: deps.retention ?? retentionRuleFrom(process.env),
  });
  const refusals = createRefusalAudit(app.audit);
  const { deadlineWatcher: watcher, retentionPurge } = app.jobs;
  return {
    name: 'hotline',
    grpc: {
      protoFiles: programmeProtoFiles('hotline'),
      services: {
        [HOTLINE_SERVICE]: {
          ...createHotlineHandlers(app, refusals),
          ExportPersonRecords: exportPersonRecordsMethod(
            hotlinePersonRecords(app, createPersonalDataCipher(deps.keyVault)),
          ),
        },
      },
    },
    onDenied: refusals.onDenied,
    projections: [referralOutcomeProjection(app)],
    jobs: [
      {
        name: 'deadline-watcher',
        start: ({ reportError }) => watcher.start(deps.watchIntervalMs, reportError),
        stop: () => watcher.stop(),
      },
      {
        name: 'retention-purge',
        start: ({ reportError }) => retentionPurge.start(deps.purgeIntervalMs ?? 3_600_000, reportError),
        stop: () => retentionPurge.stop(),
      },
    ],
    seed: async () => {
      const { cases } = await seedDemo(app);
      deps.log.info({ cases }, 'hotline demo cases ready');
    },
    app,
  };
};
