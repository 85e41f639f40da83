import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { createMongoDocumentStore } from '@carebridge/document-store-mongodb';
import { createMongoEventStore, createMongoOutboxStorage } from '@carebridge/event-store-mongodb';
import { createGrpcServer, unary, type CallContext } from '@carebridge/grpc-kit';
import { testAuthOptions } from '@carebridge/grpc-kit/testing';
import { createKafkaBus } from '@carebridge/messaging';
import { createOutboxRelay } from '@carebridge/outbox-relay';
import { createMongoKeyVault, createPersonalDataCipher, masterKeyOf } from '@carebridge/personal-data';
import { createProjectionRunner, type Projection } from '@carebridge/projection-runner';
import { createLogger } from '@carebridge/telemetry';
import {
  CHILD_REPORTED,
  PROBE_PROTO,
  PROBE_SERVICE,
  probeRegistry,
  probeSubjectOf,
  type ProbeReport,
} from './probeEvents';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

type ReportChildRequest = { caseRef: string; childName: string };

/**
 * The whole path of one service on the real engines: the kit's gRPC server with one handler that seals and
 * appends, the outbox relay to Kafka, and a projection runner consuming the topic.
 */
export const startProbeRuntime = async (report: (line: ProbeReport) => void) => {
  const topic = env('PROBE_TOPIC');
  const registry = probeRegistry(topic);
  const log = createLogger({ serviceName: 'trace-probe', level: 'info' });
  const client = await MongoClient.connect(env('MONGODB_URI'));
  const db = client.db(env('PROBE_DB'));
  const store = await createMongoEventStore({ db, registry });
  const cipher = createPersonalDataCipher(await createMongoKeyVault({ db, masterKey: masterKeyOf(randomBytes(32)) }));
  const bus = createKafkaBus({ brokers: env('KAFKA_BROKERS').split(','), clientId: 'trace-probe' });
  await bus.admin.ensureTopics([{ topic, partitions: 1 }]);

  const reportChild = async (req: ReportChildRequest, ctx: CallContext) => {
    // Logged on purpose with the personal field and the whole request: the logger must censor both.
    ctx.log.info({ caseRef: req.caseRef, childName: req.childName, request: req }, 'child report received');
    const streamId = `child-report-${req.caseRef}`;
    const data = await cipher.sealPersonalFields(
      registry,
      CHILD_REPORTED,
      { caseRef: req.caseRef, childName: req.childName },
      probeSubjectOf,
    );
    const result = await store.append(streamId, [{ type: CHILD_REPORTED, data }], {
      expectedVersion: 'no_stream',
      commandId: ctx.commandId ?? req.caseRef,
      ...(ctx.traceparent ? { traceparent: ctx.traceparent } : {}),
    });
    ctx.log.info({ streamId, toVersion: result.toVersion }, 'child report stored');
    return { streamId, toVersion: String(result.toVersion), traceparent: ctx.traceparent ?? '' };
  };

  const documents = await createMongoDocumentStore({ db });
  const server = createGrpcServer({
    serviceName: 'trace-probe',
    protoFiles: [PROBE_PROTO],
    services: { [PROBE_SERVICE]: { ReportChild: unary(reportChild, { roles: ['hotline.operator'] }) } },
    auth: testAuthOptions(),
    documents,
    port: 0,
    host: '127.0.0.1',
    httpPort: false,
    defaultMetrics: false,
    logger: log,
  });

  const reports = documents.collection<{ id: string; caseRef: string }>('child_reports');
  const projection: Projection = {
    name: 'child-reports',
    topics: [topic],
    handle: async (event, ctx) => {
      const caseRef = String(event.data.caseRef);
      await ctx.applyOnce(reports, event.streamId, () => ({ id: event.streamId, caseRef }));
      // The sealed event travels here; the body key is dropped whole by the logger anyway.
      log.info({ streamId: event.streamId, data: event.data }, 'child report applied');
      report({ probe: 'applied', streamId: event.streamId, traceparent: ctx.record.headers.traceparent });
    },
  };
  const runner = createProjectionRunner({ bus, projection, groupId: env('PROBE_GROUP'), registry });
  const relay = createOutboxRelay({
    storage: createMongoOutboxStorage(db),
    publisher: bus.publisher,
    registry,
    source: 'trace-probe',
    pollIntervalMs: 100,
  });

  await runner.start();
  relay.start();
  const { port } = await server.start();
  return {
    port,
    stop: async () => {
      await server.stop(2_000);
      await relay.stop();
      await runner.stop();
      await bus.close();
      await client.close();
    },
  };
};
