import { startTelemetry } from '@carebridge/telemetry';

// Telemetry first: its require hooks only see modules loaded after it.
const telemetry = startTelemetry({ serviceName: 'hotline' });

import { configFromEnv, openInfrastructure, runService } from '@carebridge/service-host';
import { createHotlineService } from './service';

/** Production entry: MongoDB + Kafka from the environment (or the embedded default), see service-host's configFromEnv. */
const main = async (): Promise<void> => {
  const config = configFromEnv('hotline');
  const infra = await openInfrastructure(config);
  const runtime = createHotlineService(infra.depsFor('hotline'));
  await runService(runtime, infra, config);
};

main().catch(async (err: unknown) => {
  // Name only: a message may quote configuration or data.
  process.stderr.write(`hotline failed to start: ${err instanceof Error ? err.name : 'error'}\n`);
  await telemetry.flush();
  process.exit(1);
});
