// A projections process as the crash test runs it: the service's read models and analytics on real Kafka, read
// models in a SQLite file (the embedded adapter) so ten thousand events apply in seconds. Killed with SIGKILL.
import { createSqliteDocumentStore } from '@carebridge/document-store-sqlite';
import { createKafkaBus } from '@carebridge/messaging';
import { createSqliteKeyVault, masterKeyOf } from '@carebridge/personal-data';
import { createLogger } from '@carebridge/telemetry';
import { createProjectionsService } from '../src/service';

const env = process.env;
const report = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

const main = async () => {
  const bus = createKafkaBus({ brokers: env.KAFKA_BROKERS!.split(','), clientId: 'projections-crash' });
  const documents = createSqliteDocumentStore({ filename: env.PJ_DOCS! });
  const keyVault = createSqliteKeyVault({ filename: env.PJ_KEYS!, masterKey: masterKeyOf(Buffer.alloc(32, 1)) });
  const service = createProjectionsService({
    documents,
    keyVault,
    bus,
    pseudonymKey: Buffer.from(env.PJ_PSEUDONYM_KEY!, 'hex'),
    log: createLogger({ serviceName: 'projections', level: 'warn' }),
    topicPrefix: env.PJ_PREFIX!,
    analyticsOf: env.PJ_ANALYTICS!.split(','),
  });
  await service.readModels.start();
  report({ started: process.pid });
};

main().catch((error: unknown) => {
  report({ fatal: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  process.exit(1);
});
