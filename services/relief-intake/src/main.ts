import { startTelemetry } from '@carebridge/telemetry';

// Telemetry first: its require hooks only see modules loaded after it.
const telemetry = startTelemetry({ serviceName: 'relief-intake' });

import { serviceMain } from '@carebridge/service-host';
import { createReliefIntakeService } from './service';

/** Production entry: MongoDB + Kafka from MONGODB_URI / KAFKA_BROKERS (embedded SQLite without them); see configFromEnv. */
serviceMain({ name: 'relief-intake', telemetry, create: (deps) => createReliefIntakeService(deps) });
