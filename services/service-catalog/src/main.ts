import { startTelemetry } from '@carebridge/telemetry';

// Telemetry first: its require hooks only see modules loaded after it.
const telemetry = startTelemetry({ serviceName: 'service-catalog' });

import { serviceMain } from '@carebridge/service-host';
import { createServiceCatalogService } from './service';

/** Production entry: MongoDB + Kafka from MONGODB_URI / KAFKA_BROKERS (embedded SQLite without them); see configFromEnv. */
serviceMain({ name: 'service-catalog', telemetry, create: (deps) => createServiceCatalogService(deps) });
