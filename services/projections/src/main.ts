import { startTelemetry } from '@carebridge/telemetry';

// Telemetry first: its require hooks only see modules loaded after it.
const telemetry = startTelemetry({ serviceName: 'projections' });

import { serviceMain } from '@carebridge/service-host';
import { createProjectionsService } from './service';

/**
 * Production entry: MongoDB + Kafka from MONGODB_URI / KAFKA_BROKERS (embedded SQLite without them), ports
 * GRPC_PORT, HTTP_PORT, PUBLIC_HTTP_PORT (dashboards), CAREBRIDGE_PSEUDONYM_KEY for the analytics pseudonyms,
 * CAREBRIDGE_TOPIC_PREFIX / CAREBRIDGE_TOPIC_SUFFIX to namespace topics and consumer groups on a shared cluster.
 */
serviceMain({
  name: 'projections',
  telemetry,
  create: (deps, { config, env }) =>
    createProjectionsService({
      ...deps,
      auth: config.auth,
      topicPrefix: env.CAREBRIDGE_TOPIC_PREFIX ?? '',
      topicSuffix: env.CAREBRIDGE_TOPIC_SUFFIX ?? '',
    }),
});
