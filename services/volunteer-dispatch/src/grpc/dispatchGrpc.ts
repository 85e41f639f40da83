import { programmeProtoFiles, type ServiceHandlers } from '@carebridge/grpc-kit';
import { exportPersonRecordsMethod, type PersonRecordSource } from '@carebridge/service-host';
import type { DispatchApplication } from '../application/dispatchApplication';
import { orderHandlers } from './orderHandlers';
import { queryHandlers } from './queryHandlers';
import { taskHandlers } from './taskHandlers';
import { teamMenuHandlers } from './teamMenuHandlers';
import { volunteerHandlers } from './volunteerHandlers';

export const DISPATCH_SERVICE = 'carebridge.dispatch.v1.DispatchService';
export const dispatchProtoFiles = (): string[] => programmeProtoFiles('dispatch');

/** Every RPC of carebridge.dispatch.v1.DispatchService, as the kit serves them. */
export const dispatchGrpcServices = (
  app: DispatchApplication,
  personRecords: PersonRecordSource,
): Record<string, ServiceHandlers> => ({
  [DISPATCH_SERVICE]: {
    ...volunteerHandlers(app, app.directory),
    ...teamMenuHandlers(app),
    ...orderHandlers(app, app.directory),
    ...taskHandlers(app),
    ...queryHandlers(app),
    ExportPersonRecords: exportPersonRecordsMethod(personRecords),
  },
});
