import { startContainerEngines } from './containerEngines';
import { dockerAnswers } from './dockerProbe';
import type { EngineEndpoints } from './engineEndpoints';
import { startLocalEngines } from './localEngines';

/**
 * Engines in the agreed order: endpoints given in the environment; else real images through testcontainers when a
 * Docker engine answers; else the local scripts (Kafka jars + FerretDB, installed on first use).
 */
export const resolveEngines = async (repoRoot: string): Promise<EngineEndpoints> => {
  const kafkaBrokers = process.env.KAFKA_BROKERS;
  const mongoUri = process.env.MONGODB_URI;
  if (kafkaBrokers && mongoUri) return { kafkaBrokers, mongoUri, source: 'environment' };
  if (kafkaBrokers || mongoUri) {
    throw new Error('set both KAFKA_BROKERS and MONGODB_URI, or neither (then the engines are started for you)');
  }
  if (await dockerAnswers()) return startContainerEngines();
  return startLocalEngines(repoRoot);
};
