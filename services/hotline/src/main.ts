import { startTelemetry } from '@carebridge/telemetry';

// Telemetry first: its require hooks only see modules loaded after it.
const telemetry = startTelemetry({ serviceName: 'hotline' });

import { serviceMain } from '@carebridge/service-host';
import { createHotlineService } from './service';

/** Production entry: MongoDB + Kafka from MONGODB_URI / KAFKA_BROKERS (embedded SQLite without them); see configFromEnv. */
serviceMain({ name: 'hotline', telemetry, create: (deps) => createHotlineService(deps) });
