export * from './testHelpers';
export * from './engineEndpoints';
export { resolveEngines } from './resolveEngines';
export { describeEngines, kafkaClusterId, mongoServerVersion } from './describeEngines';
export { dockerAnswers } from './dockerProbe';
