import { startTelemetry } from '@carebridge/telemetry';

// Telemetry first: its require hooks only see modules loaded after it.
const telemetry = startTelemetry({ serviceName: 'relief-intake' });

import { configFromEnv, openInfrastructure, runService } from '@carebridge/service-host';
import { createReliefIntakeService } from './service';

/** Production entry: MongoDB + Kafka from the environment (or the embedded default), see service-host's configFromEnv. */
const main = async (): Promise<void> => {
  const config = configFromEnv('relief-intake');
  const infra = await openInfrastructure(config);
  const runtime = createReliefIntakeService(infra.depsFor('relief-intake'));
  await runService(runtime, infra, config);
};

main().catch(async (err: unknown) => {
  // Name only: a message may quote configuration or data.
  process.stderr.write(`relief-intake failed to start: ${err instanceof Error ? err.name : 'error'}\n`);
  await telemetry.flush();
  process.exit(1);
});
