import { eventRegistry } from '@carebridge/event-schema';
import * as divisions from '@carebridge/divisions';
import { programmeProtoFiles, type OnDenied } from '@carebridge/grpc-kit';
import { createPersonalDataCipher } from '@carebridge/personal-data';
import { exportPersonRecordsMethod, type ServiceDeps, type ServiceRuntime } from '@carebridge/service-host';
import { createReliefCommands } from './application/commands';
import { createReliefContext } from './application/context';
import { reliefPersonRecords } from './application/personRecords';
import { createFundCommands, createReliefQueries } from './application/queries';
import { createReferralProjection } from './application/referralProjection';
import { createReliefIntakeHandlers } from './grpc/reliefIntakeHandlers';

export const RELIEF_INTAKE_SERVICE = 'carebridge.relief.v1.ReliefIntake';

/** Relief intake as one unit: main.ts (MongoDB + Kafka) and the embedded suite compose it the same way. */
export const createReliefIntakeService = (deps: ServiceDeps): ServiceRuntime => {
  const ctx = createReliefContext({
    eventStore: deps.eventStore,
    documents: deps.documents,
    registry: eventRegistry,
    cipher: createPersonalDataCipher(deps.keyVault),
    directory: divisions,
    clock: deps.clock,
    personRefKey: deps.pseudonymKey,
  });
  const handlers = createReliefIntakeHandlers({
    commands: createReliefCommands(ctx),
    queries: createReliefQueries(ctx),
    fund: createFundCommands(ctx),
  });

  // Refusals are kept with who and why (never what was asked for: the request may carry personal data).
  const onDenied: OnDenied = (denied, method, reason) => {
    deps.log.warn(
      {
        audit: 'denied',
        method,
        code: denied.code,
        subject: denied.principal?.subject,
        division: denied.principal?.division,
        commandId: denied.commandId,
        peer: denied.peer,
        reason,
      },
      'relief call refused',
    );
  };

  return {
    name: 'relief-intake',
    grpc: {
      protoFiles: programmeProtoFiles('relief'),
      services: {
        [RELIEF_INTAKE_SERVICE]: {
          ...handlers,
          ExportPersonRecords: exportPersonRecordsMethod(reliefPersonRecords(ctx)),
        },
      },
    },
    onDenied,
    projections: [createReferralProjection(ctx)],
  };
};
