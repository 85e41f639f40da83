import { startTelemetry } from '@carebridge/telemetry';

// Telemetry first: its require hooks only see modules loaded after it.
const telemetry = startTelemetry({ serviceName: 'projections' });

import { configFromEnv, openInfrastructure, runService } from '@carebridge/service-host';
import { createProjectionsService } from './service';

/**
 * Production entry: MongoDB + Kafka from MONGODB_URI / KAFKA_BROKERS (embedded SQLite without them), ports
 * GRPC_PORT, HTTP_PORT, PUBLIC_HTTP_PORT (dashboards), CAREBRIDGE_PSEUDONYM_KEY for the analytics pseudonyms,
 * CAREBRIDGE_TOPIC_PREFIX / CAREBRIDGE_TOPIC_SUFFIX to namespace topics and consumer groups on a shared cluster.
 */
const main = async (env = process.env): Promise<void> => {
  const config = configFromEnv('projections', env);
  const infra = await openInfrastructure(config);
  const runtime = createProjectionsService({
    ...infra.depsFor('projections'),
    auth: config.auth,
    topicPrefix: env.CAREBRIDGE_TOPIC_PREFIX ?? '',
    topicSuffix: env.CAREBRIDGE_TOPIC_SUFFIX ?? '',
  });
  const running = await runService(runtime, infra, config);
  infra
    .depsFor('projections')
    .log.info({ grpcPort: running.grpcPort, publicHttpPort: running.publicHttpPort }, 'projections serving');
  process.once('exit', () => void telemetry.flush());
};

main().catch((error: unknown) => {
  process.stderr.write(`projections failed to start: ${error instanceof Error ? error.message : 'error'}\n`);
  process.exit(1);
});
