import { describeEngines } from './describeEngines';
import type { EngineEndpoints } from './engineEndpoints';
import { resolveEngines } from './resolveEngines';

/** Shared with globalTeardown: jest runs both in the same process. */
export const runningEnginesKey = Symbol.for('carebridge.testEngines');
type WithEngines = { [runningEnginesKey]?: EngineEndpoints };

/** Jest globalSetup of the `int` project: finds or starts the engines and hands their endpoints to the workers. */
export default async function globalSetup(_global: unknown, project: { rootDir: string }): Promise<void> {
  const endpoints = await resolveEngines(project.rootDir);
  (globalThis as WithEngines)[runningEnginesKey] = endpoints;
  // Workers are forked after this returns, so they inherit these variables.
  process.env.KAFKA_BROKERS = endpoints.kafkaBrokers;
  process.env.MONGODB_URI = endpoints.mongoUri;
  console.log(`\n${await describeEngines(endpoints)}`);
}
