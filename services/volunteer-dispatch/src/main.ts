import { startTelemetry } from '@carebridge/telemetry';

// Telemetry first: its require hooks only see modules loaded after it.
startTelemetry({ serviceName: 'volunteer-dispatch' });

import { configFromEnv, openInfrastructure, runService } from '@carebridge/service-host';
import { createVolunteerDispatchService } from './service';

/** Production entry: MongoDB + Kafka from MONGODB_URI / KAFKA_BROKERS (embedded SQLite without them); see configFromEnv. */
const main = async (): Promise<void> => {
  const config = configFromEnv('volunteer-dispatch');
  const infra = await openInfrastructure(config);
  const runtime = await createVolunteerDispatchService(infra.depsFor('volunteer-dispatch'));
  const running = await runService(runtime, infra, config);
  infra
    .depsFor('volunteer-dispatch')
    .log.info({ grpcPort: running.grpcPort, infrastructure: infra.describe() }, 'volunteer-dispatch serving');
};

main().catch((error: unknown) => {
  process.stderr.write(`volunteer-dispatch failed to start: ${error instanceof Error ? error.message : 'error'}\n`);
  process.exit(1);
});
