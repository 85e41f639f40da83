import { startTelemetry } from '@carebridge/telemetry';

// Telemetry first: its require hooks only see modules loaded after it.
startTelemetry({ serviceName: 'service-catalog' });

import { configFromEnv, openInfrastructure, runService } from '@carebridge/service-host';
import { createServiceCatalogService } from './service';

/** Production entry: MongoDB + Kafka from MONGODB_URI / KAFKA_BROKERS (embedded SQLite without them); see configFromEnv. */
const main = async (): Promise<void> => {
  const config = configFromEnv('service-catalog');
  const infra = await openInfrastructure(config);
  const runtime = createServiceCatalogService(infra.depsFor('service-catalog'));
  const running = await runService(runtime, infra, config);
  infra
    .depsFor('service-catalog')
    .log.info(
      { grpcPort: running.grpcPort, publicHttpPort: running.publicHttpPort, infrastructure: infra.describe() },
      'service-catalog serving',
    );
};

main().catch((error: unknown) => {
  process.stderr.write(`service-catalog failed to start: ${error instanceof Error ? error.message : 'error'}\n`);
  process.exit(1);
});
