import { SpanKind, trace } from '@opentelemetry/api';
import { contextFromTraceparent, createLogger, startTelemetry, traceparentOf, withSpan, type Telemetry } from './index';
import { createLogCapture, InMemorySpanExporter } from './testing';

const exporter = new InMemorySpanExporter();
let telemetry: Telemetry;

beforeAll(() => (telemetry = startTelemetry({ serviceName: 'telemetry-test', exporter, env: {} })));
afterAll(() => telemetry.shutdown());
beforeEach(() => exporter.reset());

describe('tracing', () => {
  it('exports nested spans of one trace to the in-memory exporter, with the service name', async () => {
    await withSpan('rpc', { kind: SpanKind.SERVER }, () =>
      withSpan('store.append', { attributes: { 'carebridge.stream': 'a-1' } }, () => 42),
    );
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual(['store.append', 'rpc']);
    const [child, parent] = spans;
    expect(child?.spanContext().traceId).toBe(parent?.spanContext().traceId);
    expect(child?.parentSpanContext?.spanId).toBe(parent?.spanContext().spanId);
    expect(parent?.resource.attributes['service.name']).toBe('telemetry-test');
    expect(telemetry.exportingOtlp).toBe(false);
  });

  it('carries a trace across a traceparent, as Kafka headers and commit documents do', async () => {
    const carried = await withSpan('publish', { kind: SpanKind.PRODUCER }, () => traceparentOf());
    expect(carried).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    await withSpan('apply', { kind: SpanKind.CONSUMER, parent: contextFromTraceparent(carried) }, () => undefined);
    const [publish, apply] = exporter.getFinishedSpans();
    expect(apply?.spanContext().traceId).toBe(publish?.spanContext().traceId);
    expect(apply?.parentSpanContext?.spanId).toBe(publish?.spanContext().spanId);
  });

  it('records a failure by error name, not by message', async () => {
    await expect(withSpan('fails', {}, () => Promise.reject(new TypeError('张三 130102199001011234')))).rejects.toThrow(
      TypeError,
    );
    expect(exporter.getFinishedSpans()[0]?.status).toEqual({ code: 2, message: 'TypeError' });
  });

  it('reads OTLP settings from the environment', () => {
    const other = startTelemetry({
      serviceName: 'x',
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' },
      instrument: { mongodb: false },
    });
    expect(other.exportingOtlp).toBe(true);
    return other
      .shutdown()
      .finally(() => (telemetry = startTelemetry({ serviceName: 'telemetry-test', exporter, env: {} })));
  });
});

describe('logs', () => {
  const seeded = '王小明';
  const idNumber = '630102201501011234';

  it('carries trace_id and span_id of the active span on every line', async () => {
    const capture = createLogCapture();
    const log = createLogger({ serviceName: 'telemetry-test', destination: capture.stream });
    const ids = await withSpan('handler', {}, () => {
      log.info({ step: 'one' }, 'inside');
      return trace.getActiveSpan()?.spanContext();
    });
    log.info('outside');
    const [inside, outside] = capture.records();
    expect(inside).toMatchObject({
      trace_id: ids?.traceId,
      span_id: ids?.spanId,
      service: 'telemetry-test',
      step: 'one',
    });
    expect(outside?.trace_id).toBeUndefined();
  });

  it('never writes a seeded personal name or id number, wherever it sits in the logged object', () => {
    const capture = createLogCapture();
    const log = createLogger({ serviceName: 'telemetry-test', destination: capture.stream, level: 'debug' });
    log.info({ name: seeded, idNumber }, 'top level');
    log.info({ applicant: { name: seeded, idNumber } }, 'a whole applicant');
    log.info({ request: { form: { applicant: { name: seeded } } } }, 'a request body');
    log.warn({ event: { data: { childName: seeded, phone: '13800000000' } } }, 'event data');
    log.error({ case: { reporter: { callerName: seeded }, notes: `${seeded} called` } }, 'nested');
    log.debug({ body: seeded, payload: seeded, data: idNumber }, 'bodies');
    const output = capture.lines().join('\n');
    expect(capture.lines()).toHaveLength(6);
    expect(output).not.toContain(seeded);
    expect(output).not.toContain(idNumber);
    expect(output).not.toContain('13800000000');
    expect(output).toContain('[redacted]');
  });
});
