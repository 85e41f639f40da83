/**
 * Runs CareBridge services. A service's main.ts:
 *
 *   const config = configFromEnv('hotline');
 *   const infra = await openInfrastructure(config);
 *   const runtime = await createHotlineService(infra.depsFor('hotline'));
 *   await runService(runtime, infra, config);
 *
 * The embedded default (`npm start`, services/suite) opens one embedded infrastructure and runs every service on it.
 */
export * from './types';
export { configFromEnv, defaultGrpcPorts, defaultDatabaseOf, type HostConfig } from './config';
export { openInfrastructure } from './openInfrastructure';
export { redactUri } from './realInfrastructure';
export { runService } from './runService';
export { serviceMain, startFailureOf, type EntryTelemetry, type ServiceMainOptions } from './serviceMain';
export { exitOnSignals, drainBudget } from './shutdown';
export { DEVELOPMENT_JWT_SECRET, hostAuthFromEnv, mintToken, devTokenHint, type DevTokenClaims } from './devAuth';
export { loadPseudonymKey, PSEUDONYM_KEY_ENV } from './pseudonymKey';
export {
  allPages,
  createPersonRecordsExport,
  exportPersonRecordsMethod,
  PRIVACY_OFFICER_ROLE,
  type ExportedField,
  type ExportedRecord,
  type PersonRecordRef,
  type PersonRecordSource,
  type PersonRecordsExport,
} from './personRecords';
export {
  createPublicHttpApp,
  publicRoutesOf,
  startPublicHttp,
  type PublicHttp,
  type PublicHttpOptions,
  type PublicRouteInfo,
} from './publicHttp';
export {
  checkQuery,
  dateTime,
  decimal,
  flag,
  integer,
  matching,
  oneOf,
  publicRoute,
  sendError,
  text,
  type FieldViolation,
  type ParamKind,
  type ParamKinds,
  type ParamValues,
  type RouteDeclaration,
} from './publicParams';
