import { runningEnginesKey } from './globalSetup';
import type { EngineEndpoints } from './engineEndpoints';

/** Stops containers this run started; local engines stay up for the next run (`.ci/run` stops them). */
export default async function globalTeardown(): Promise<void> {
  const endpoints = (globalThis as { [runningEnginesKey]?: EngineEndpoints })[runningEnginesKey];
  await endpoints?.stop?.();
}
