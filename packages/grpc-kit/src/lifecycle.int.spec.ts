import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { status, type ServiceError } from '@grpc/grpc-js';
import { checkHealth } from './healthCheck';
import { eventually, grpcurlPath } from '@carebridge/test-engines';
import {
  askReflection,
  createEchoServer,
  createTestClient,
  echoProtoFile,
  ECHO_SERVICE,
  issueTestToken,
} from './testing';

const run = promisify(execFile);

/** grpcurl, built by engines.sh: reflection is checked with a client the project did not write. */
const grpcurl = grpcurlPath();

const started = async (overrides = {}) => {
  const server = createEchoServer(overrides);
  const ports = await server.start();
  return { server, ...ports, address: `127.0.0.1:${ports.port}` };
};

describe('health, reflection and the HTTP port', () => {
  let s: Awaited<ReturnType<typeof started>>;
  beforeAll(async () => (s = await started()));
  afterAll(() => s.server.stop(1000));

  it('reports SERVING for the server and for each service', async () => {
    await expect(checkHealth(s.address)).resolves.toBe('SERVING');
    await expect(checkHealth(s.address, ECHO_SERVICE)).resolves.toBe('SERVING');
  });

  it('lists and describes the services by reflection, with no .proto file on the client', async () => {
    const list = await run(grpcurl, ['-plaintext', s.address, 'list']);
    expect(list.stdout.split('\n')).toEqual(expect.arrayContaining([ECHO_SERVICE, 'grpc.health.v1.Health']));
    const describe = await run(grpcurl, ['-plaintext', s.address, 'describe', `${ECHO_SERVICE}.Say`]);
    expect(describe.stdout).toContain(
      'rpc Say ( .carebridge.kittest.v1.SayRequest ) returns ( .carebridge.kittest.v1.SayReply )',
    );
    const reply = await run(grpcurl, ['-plaintext', s.address, 'describe', 'carebridge.kittest.v1.SayReply']);
    expect(reply.stdout).toContain('.google.protobuf.Timestamp at = 8;');
    const request = await run(grpcurl, ['-plaintext', s.address, 'describe', 'carebridge.kittest.v1.SayRequest']);
    expect(request.stdout).toContain('map<string, string> labels = 5;');
    const health = await run(grpcurl, ['-plaintext', '-d', '{"service":""}', s.address, 'grpc.health.v1.Health/Check']);
    expect(JSON.parse(health.stdout)).toEqual({ status: 'SERVING' });
  });

  it('calls a method through grpcurl with a token, without the .proto', async () => {
    const token = await issueTestToken({ sub: 'u-1', roles: ['x'], division: '320300' });
    const args = [
      '-plaintext',
      '-H',
      `authorization: Bearer ${token}`,
      '-d',
      '{"text":"hello","amountFen":"12345678901234567"}',
      s.address,
      `${ECHO_SERVICE}/Say`,
    ];
    const reply = JSON.parse((await run(grpcurl, args)).stdout) as Record<string, string>;
    expect(reply).toMatchObject({
      text: 'hello',
      subject: 'u-1',
      division: '320300',
      amountFen: '12345678901234567',
    });
  });

  it('answers reflection through the grpc-js client too (resolving a request type by symbol)', async () => {
    const res = await askReflection(s.address, { fileContainingSymbol: 'carebridge.kittest.v1.SayRequest' });
    expect(res.errorResponse).toBeFalsy();
    expect(Buffer.concat(res.fileDescriptorResponse?.fileDescriptorProto ?? []).toString('latin1')).toContain(
      'idempotency_key',
    );
  });

  it('serves /livez, /readyz (with registered checks) and /metrics counting RPCs by method and code', async () => {
    const base = `http://127.0.0.1:${s.httpPort}`;
    expect((await fetch(`${base}/livez`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    let kafkaReady = false;
    s.server.registerReadiness('kafka', () => kafkaReady);
    const notReady = await fetch(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({ checks: { kafka: false } });
    kafkaReady = true;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    const client = createTestClient({ address: s.address, protoFiles: [echoProtoFile], service: ECHO_SERVICE });
    await client.call('Say', { text: 'no token' }).catch(() => undefined);
    client.close();
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain(
      `grpc_server_handled_total{grpc_service="${ECHO_SERVICE}",grpc_method="Say",grpc_code="UNAUTHENTICATED"} 1`,
    );
    expect(metrics).toMatch(
      /grpc_server_handling_seconds_bucket\{le="0.005",grpc_service="carebridge.kittest.v1.Echo",grpc_method="Say",grpc_code="UNAUTHENTICATED"\} [01]/,
    ); // Nothing is in flight once the call has been answered.
    expect(metrics).toMatch(/^grpc_server_inflight_calls 0$/m);
  });
});

describe('graceful shutdown', () => {
  it('turns NOT_SERVING, lets a slow in-flight call and the drainables finish, then refuses new calls', async () => {
    const s = await started({ drainDelayMs: 300 });
    const token = await issueTestToken({ sub: 'u', roles: [], division: '630000' });
    const client = createTestClient({ address: s.address, protoFiles: [echoProtoFile], service: ECHO_SERVICE, token });
    let drained = false;
    s.server.registerDrainable('consumer', {
      drain: () => new Promise((r) => setTimeout(() => ((drained = true), r()), 200)),
    });

    const slow = client.call('Slow', { millis: 800 });
    await eventually(() => s.server.inflight() === 1, { what: 'the slow call in flight', intervalMs: 10 });
    const stopping = s.server.stop(5000);
    // During the drain delay the server still answers health checks, now NOT_SERVING.
    await expect(checkHealth(s.address)).resolves.toBe('NOT_SERVING');
    expect((await fetch(`http://127.0.0.1:${s.httpPort}/readyz`)).status).toBe(503);

    await expect(slow).resolves.toMatchObject({ text: 'done', aborted: false });
    await stopping;
    expect(drained).toBe(true);
    const after = await client.call('Say', { text: 'late' }, { deadlineMs: 1000 }).catch((e: ServiceError) => e);
    expect((after as ServiceError).code).toBe(status.UNAVAILABLE);
    client.close();
  });

  it('aborts calls still running when the grace period ends', async () => {
    const s = await started();
    const token = await issueTestToken({ sub: 'u', roles: [], division: '630000' });
    const client = createTestClient({ address: s.address, protoFiles: [echoProtoFile], service: ECHO_SERVICE, token });
    const slow = client.call('Slow', { millis: 10_000 }).catch((e: ServiceError) => e);
    await eventually(() => s.server.inflight() === 1, { what: 'the slow call in flight', intervalMs: 10 });
    await s.server.stop(300);
    // Stopped with the 10 s call aborted, not finished: the grace period ended it (no need to time the stop).
    expect(s.server.inflight()).toBe(0);
    expect(((await slow) as ServiceError).code).toBeDefined();
    client.close();
  });
});
