import { openEmbeddedInfrastructure } from './embeddedInfrastructure';
import { openRealInfrastructure } from './realInfrastructure';
import type { Infrastructure, InfrastructureConfig } from './types';

/** MongoDB + Kafka (`mode: 'real'`) or SQLite files + the in-process bus (`mode: 'embedded'`). */
export const openInfrastructure = async (config: InfrastructureConfig): Promise<Infrastructure> => {
  switch (config.mode) {
    case 'real':
      return openRealInfrastructure(config);
    case 'embedded':
      return openEmbeddedInfrastructure(config);
    default: {
      const unknown: never = config;
      throw new Error(`unknown infrastructure mode ${JSON.stringify((unknown as { mode: unknown }).mode)}`);
    }
  }
};
