export { createVolunteerDispatchService, type DispatchServiceOptions } from './service';
export { DISPATCH_SERVICE } from './grpc/dispatchGrpc';
