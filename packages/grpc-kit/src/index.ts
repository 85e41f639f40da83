/**
 * The gRPC server every CareBridge service runs. Usage (see docs/adr/0005-grpc-api-conventions.md):
 *
 *   const server = createGrpcServer({
 *     serviceName: 'relief-intake',
 *     protoFiles: programmeProtoFiles('relief'),
 *     services: { 'carebridge.relief.v1.ReliefIntake': { GetApplication: unary(getApplication, { roles: ['relief.caseworker'] }) } },
 *     auth: authFromEnv(), port: 50051, httpPort: 9464, onDenied: audit,
 *   });
 *   await server.start(); ... await server.stop(10_000);
 *
 * Handlers receive (request, ctx: CallContext) and throw ValidationError / DomainRuleError / NotFoundError /
 * PermissionDeniedError (@carebridge/decider) or let ConcurrencyConflictError (@carebridge/event-store) through.
 */
export * from './types';
export { unary } from './unary';
export { createGrpcServer, type GrpcServerOptions, type GrpcKitServer, type StartedServer } from './server';
export {
  authFromEnv,
  createAuthenticator,
  UnauthenticatedError,
  DEFAULT_ISSUER,
  DEFAULT_AUDIENCE,
  type AuthOptions,
} from './auth';
export {
  grpcTlsFromEnv,
  serverCredentialsOf,
  DEFAULT_TLS_RELOAD_MS,
  DEFAULT_AGENCY_ATTRIBUTE,
  type GrpcTlsSettings,
  type ReloadingCredentials,
} from './transportSecurity';
export { errorReason, GrpcStatusError, mapError, type MappedError } from './errors';
export { assertJurisdiction, coversDivision } from './jurisdiction';
export {
  encodeStatusDetails,
  decodeStatusDetailsBuffer,
  STATUS_DETAILS_KEY,
  type FieldViolation,
  type ErrorInfo,
  type StatusDetails,
} from './statusDetails';
export { programmeProtoFiles, loadPackageDefinition } from '@carebridge/proto';
export { status as GrpcStatus } from '@grpc/grpc-js';
export { checkHealth } from './healthCheck';
export { parsePageRequest, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type PageRequest } from './pagination';
export { checkText, DEFAULT_TEXT_RULE, type TextRule } from './textHygiene';
export { policyOf, type RpcPolicy, type JurisdictionRule } from './rpcPolicy';
export {
  scopedKeyOf,
  idempotencySettingsFromEnv,
  DEFAULT_IDEMPOTENCY_SETTINGS,
  type IdempotencySettings,
} from './idempotency';
