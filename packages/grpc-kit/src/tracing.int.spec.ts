import { startTelemetry, createLogger, type Telemetry } from '@carebridge/telemetry';
import { InMemorySpanExporter, createLogCapture } from '@carebridge/telemetry/testing';
import {
  createEchoServer,
  createTestClient,
  echoProtoFile,
  ECHO_SERVICE,
  issueTestToken,
  type TestClient,
} from './testing';
import type { GrpcKitServer } from './index';

const exporter = new InMemorySpanExporter();
const logs = createLogCapture();
let telemetry: Telemetry;
let server: GrpcKitServer;
let client: TestClient;

beforeAll(async () => {
  telemetry = startTelemetry({ serviceName: 'kit-test', exporter, env: {} });
  server = createEchoServer({ logger: createLogger({ serviceName: 'kit-test', destination: logs.stream }) });
  const { port } = await server.start();
  const token = await issueTestToken({ sub: 'u-1', roles: [], division: '630000' });
  client = createTestClient({
    address: `127.0.0.1:${port}`,
    protoFiles: [echoProtoFile],
    service: ECHO_SERVICE,
    token,
  });
});
afterAll(async () => {
  client.close();
  await server.stop(1000);
  await telemetry.shutdown();
});

it('opens a server span under the caller trace and hands the handler a traceparent of that span', async () => {
  const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
  const reply = await client.call<{ traceparent: string }>(
    'Say',
    { text: 'x' },
    { metadata: { traceparent: `00-${callerTrace}-00f067aa0ba902b7-01` } },
  );
  const span = exporter.getFinishedSpans().find((s) => s.name === `${ECHO_SERVICE}/Say`);
  expect(span?.spanContext().traceId).toBe(callerTrace);
  expect(span?.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
  expect(span?.attributes).toMatchObject({ 'rpc.system': 'grpc', 'rpc.method': 'Say', 'rpc.grpc.status_code': 0 });
  expect(reply.traceparent).toBe(`00-${callerTrace}-${span?.spanContext().spanId}-01`);
});

it('logs a failing handler with the trace id and without the message of its error', async () => {
  await client.call('Fail', { kind: 'internal' }).catch(() => undefined);
  const span = exporter.getFinishedSpans().find((s) => s.name === `${ECHO_SERVICE}/Fail`);
  expect(span?.status.code).toBe(2);
  const line = logs.records().find((r) => r.msg === 'handler failed');
  expect(line).toMatchObject({
    trace_id: span?.spanContext().traceId,
    errName: 'Error',
    method: `/${ECHO_SERVICE}/Fail`,
  });
  expect(logs.lines().join('\n')).not.toContain('张三');
});
