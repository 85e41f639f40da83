import { join } from 'node:path';
export * from './testHelpers';
export * from './eventually';
export * from './engineEndpoints';
export { resolveEngines } from './resolveEngines';
export { describeEngines, kafkaClusterId, mongoServerVersion } from './describeEngines';
export { dockerAnswers } from './dockerProbe';
export { agencyPythonPath, analystPythonPath, grpcurlPath, protocGenDocPath } from './externalClients';

/** `node --require` this to run TypeScript sources in a child process (see tsHook.cjs at the package root). */
export const tsHookPath: string = join(__dirname, '..', 'tsHook.cjs');
export { secureEngines, type SecureEngines } from './secureEngines';
