import { eventRegistry, type EventRegistry } from '@carebridge/event-schema';
import { loadMasterKey, type MasterKey } from '@carebridge/personal-data';
import { loadPseudonymKey } from './pseudonymKey';
import type { InfrastructureSecrets } from './types';

/** The keys, registry and clock an infrastructure uses, taken from the environment when not given. */
export const resolvedSecrets = (
  config: InfrastructureSecrets,
): { masterKey: MasterKey; pseudonymKey: Buffer; registry: EventRegistry; clock: () => Date } => ({
  masterKey: config.masterKey ?? loadMasterKey(),
  pseudonymKey: config.pseudonymKey ?? loadPseudonymKey(),
  registry: config.registry ?? eventRegistry,
  clock: config.clock ?? (() => new Date()),
});
