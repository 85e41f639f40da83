import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestClient, issueTestToken, type TestClient } from '@carebridge/grpc-kit/testing';
import { eventually, openTestDatabase, uniqueName, type TestDatabase } from '@carebridge/test-engines';
import { OtlpKind, startOtlpCollector, type CollectedSpan, type OtlpCollector } from './otlpCollector';
import { spawnProbe, type ProbeChild } from './probeChild';
import { PROBE_PROTO, PROBE_SERVICE, type ProbeReport } from './probeEvents';

/**
 * One command, one trace: a real service process (kit gRPC server, FerretDB event store, outbox relay to Kafka,
 * projection runner) exports its spans over OTLP/HTTP to a collector in this test, which checks that the RPC,
 * the store append, the Kafka publish and the consumer's apply form one trace with the right parents.
 */
describe('trace propagation: gRPC metadata → commit traceparent → Kafka header → consumer', () => {
  let collector: OtlpCollector;
  let database: TestDatabase;
  let probe: ProbeChild;
  let client: TestClient;
  const topic = uniqueName('one_trace');
  // The personal value seeded into the call: it must never reach a log line, a span, or the store in clear.
  const secretTag = `Wang-${randomBytes(6).toString('hex')}`;
  const childName = `王小明 ${secretTag}`;

  beforeAll(async () => {
    collector = await startOtlpCollector();
    database = await openTestDatabase('one_trace');
    probe = spawnProbe({
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${collector.endpoint}/v1/traces`,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_SDK_DISABLED: 'false',
      LOG_LEVEL: 'info',
      PROBE_DB: database.name,
      PROBE_TOPIC: topic,
      PROBE_GROUP: uniqueName('one_trace_g'),
    });
    const ready = await probe.waitFor(
      (r): r is Extract<ProbeReport, { probe: 'ready' }> => r.probe === 'ready',
      120_000,
    );
    const token = await issueTestToken({ sub: 'operator-7', roles: ['hotline.operator'], division: '630000' });
    client = createTestClient({
      address: `127.0.0.1:${ready.port}`,
      protoFiles: [PROBE_PROTO],
      service: PROBE_SERVICE,
      token,
    });
  }, 180_000);

  afterAll(async () => {
    client?.close();
    const exit = await probe?.stop();
    if (exit !== 0 && probe) console.error(`probe exited with ${exit}:\n${probe.output().slice(-3_000)}`);
    await database?.dispose();
    await collector?.close();
  }, 60_000);

  type Call = { caseRef: string; streamId: string; replyTraceparent: string; spans: CollectedSpan[] };

  /** Sends one ReportChild, waits until the consumer applied it and the four spans of its trace arrived. */
  const reportChild = async (metadata: Record<string, string>): Promise<Call> => {
    const caseRef = `case-${randomUUID().slice(0, 8)}`;
    const reply = await client.call<{ streamId: string; traceparent: string }>(
      'ReportChild',
      { caseRef, childName },
      { idempotencyKey: randomUUID(), metadata },
    );
    await probe.waitFor(
      (r): r is Extract<ProbeReport, { probe: 'applied' }> => r.probe === 'applied' && r.streamId === reply.streamId,
    );
    const traceId = reply.traceparent.split('-')[1]!;
    const inTrace = () => collector.spans().filter((s) => s.traceId === traceId);
    // Until the consumer's span is exported; if it never is, the chain's assertions say what is missing.
    await eventually(() => inTrace().some((s) => s.kind === OtlpKind.CONSUMER), {
      what: "the consumer's span",
      timeoutMs: 30_000,
    }).catch(() => undefined);
    return { caseRef, streamId: reply.streamId, replyTraceparent: reply.traceparent, spans: inTrace() };
  };

  const one = (spans: readonly CollectedSpan[], what: string, match: (s: CollectedSpan) => boolean): CollectedSpan => {
    const found = spans.filter(match);
    if (found.length !== 1)
      throw new Error(`expected one ${what} span, found ${found.length}: ${JSON.stringify(spans.map((s) => s.name))}`);
    return found[0]!;
  };

  /** The chain every call must show, whoever started the trace. */
  const expectChain = async (call: Call) => {
    const { spans } = call;
    const server = one(
      spans,
      'RPC server',
      (s) => s.kind === OtlpKind.SERVER && s.name === `${PROBE_SERVICE}/ReportChild`,
    );
    const append = one(spans, 'store append', (s) => s.name === 'eventStore.append');
    const publish = one(spans, 'Kafka publish', (s) => s.kind === OtlpKind.PRODUCER && s.name === `publish ${topic}`);
    const consume = one(spans, 'consumer apply', (s) => s.kind === OtlpKind.CONSUMER && s.name === `process ${topic}`);

    expect(new Set([server, append, publish, consume].map((s) => s.service))).toEqual(new Set(['trace-probe']));
    expect(call.replyTraceparent).toBe(`00-${server.traceId}-${server.spanId}-01`);
    expect(append.parentSpanId).toBe(server.spanId);
    expect(append.attributes['carebridge.stream_id']).toBe(call.streamId);
    // The commit document carries the command's traceparent: the relay continues the trace from it.
    const commit = await database.db.collection('commits').findOne({ streamId: call.streamId });
    expect(commit?.traceparent).toBe(call.replyTraceparent);
    expect(JSON.stringify(commit)).not.toContain(secretTag);
    expect(publish.parentSpanId).toBe(server.spanId);
    expect(publish.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.destination.name': topic,
      'carebridge.stream_id': call.streamId,
    });
    // The record's traceparent header names the publish span, and the consumer's span is its child.
    const applied = probe.reports().find((r) => r.probe === 'applied' && r.streamId === call.streamId);
    expect(applied).toMatchObject({ traceparent: `00-${server.traceId}-${publish.spanId}-01` });
    expect(consume.parentSpanId).toBe(publish.spanId);
    expect(consume.attributes).toMatchObject({
      'carebridge.projection': 'child-reports',
      'messaging.destination.name': topic,
    });
    expect(consume.statusCode).not.toBe(2);
    return { server, append, publish, consume };
  };

  it('continues the caller trace through the append, the publish and the consumer apply', async () => {
    const callerTrace = randomBytes(16).toString('hex');
    const callerSpan = randomBytes(8).toString('hex');
    const call = await reportChild({ traceparent: `00-${callerTrace}-${callerSpan}-01` });
    const { server } = await expectChain(call);
    expect(server.traceId).toBe(callerTrace);
    expect(server.parentSpanId).toBe(callerSpan);
  }, 120_000);

  it('starts a trace at the RPC when the caller sends none, and the same chain follows', async () => {
    const call = await reportChild({});
    const { server } = await expectChain(call);
    expect(server.parentSpanId).toBeUndefined();
  }, 120_000);

  it('has the MongoDB driver spans of the append inside the append span (instrumented in a real process)', async () => {
    const call = await reportChild({});
    const { append } = await expectChain(call);
    const driver = call.spans.filter(
      (s) => s.attributes['db.system'] === 'mongodb' && s.parentSpanId === append.spanId,
    );
    expect(driver.map((s) => `${s.attributes['db.operation']} ${s.attributes['db.mongodb.collection']}`)).toContain(
      'insert commits',
    );
    expect(driver.every((s) => s.kind === OtlpKind.CLIENT)).toBe(true);
  }, 120_000);

  it("exports no trace of the relay's idle polling (it polls every 100 ms here)", async () => {
    await reportChild({}); // the relay has just been busy
    await sleep(1_000);
    const before = new Set(collector.spans().map((s) => s.spanId));
    await sleep(2_000); // twenty polls, each a lease check and a find on commits
    await sleep(500); // the exporter's batch delay is 100 ms
    const idle = collector.spans().filter((s) => !before.has(s.spanId));
    expect(idle.map((s) => `${s.name} (${s.attributes['db.mongodb.collection'] ?? s.scope})`)).toEqual([]);
  }, 120_000);

  it('logs every step with the trace id, and the seeded personal value appears in no log line and no exported span', async () => {
    const call = await reportChild({});
    const traceId = call.replyTraceparent.split('-')[1];
    const steps = ['child report received', 'child report stored', 'child report applied'];
    const lines = probe
      .logs()
      .filter((l) => steps.includes(String(l.msg)) && (l.caseRef === call.caseRef || l.streamId === call.streamId));
    expect(lines.map((l) => l.msg)).toEqual(steps);
    expect(lines.every((l) => l.trace_id === traceId)).toBe(true);
    expect(lines[0]).toMatchObject({ childName: '[redacted]', request: '[redacted]' });
    expect(probe.output()).not.toContain(secretTag);
    expect(collector.rawBodies().length).toBeGreaterThan(0);
    expect(collector.rawBodies().join('\n')).not.toContain(secretTag);
  }, 120_000);
});
