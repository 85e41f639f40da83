import { startTelemetry } from '@carebridge/telemetry';

// Telemetry first: its require hooks only see modules loaded after it.
const telemetry = startTelemetry({ serviceName: 'volunteer-dispatch' });

import { serviceMain } from '@carebridge/service-host';
import { createVolunteerDispatchService } from './service';

/** Production entry: MongoDB + Kafka from MONGODB_URI / KAFKA_BROKERS (embedded SQLite without them); see configFromEnv. */
serviceMain({ name: 'volunteer-dispatch', telemetry, create: (deps) => createVolunteerDispatchService(deps) });
