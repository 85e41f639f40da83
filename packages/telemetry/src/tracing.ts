import { context, propagation, trace, type TracerProvider } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations, type Instrumentation } from '@opentelemetry/instrumentation';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export type TelemetryOptions = {
  readonly serviceName: string;
  readonly serviceVersion?: string;
  /** Extra exporter, flushed span by span (tests pass an InMemorySpanExporter). */
  readonly exporter?: SpanExporter;
  /**
   * Auto-instrumentation by require hooks; works only for modules loaded after startTelemetry (call it first
   * in main.ts). MongoDB is on by default. gRPC is off: the kit opens the server span itself, and this would
   * add a second one; turn it on for outgoing client calls between services.
   */
  readonly instrument?: { readonly mongodb?: boolean; readonly grpc?: boolean };
  readonly env?: NodeJS.ProcessEnv;
};

export type Telemetry = {
  readonly provider: TracerProvider;
  /** True when spans leave the process over OTLP/HTTP. */
  readonly exportingOtlp: boolean;
  readonly flush: () => Promise<void>;
  readonly shutdown: () => Promise<void>;
};

const otlpConfigured = (env: NodeJS.ProcessEnv): boolean =>
  [env.OTEL_EXPORTER_OTLP_ENDPOINT, env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT].some(Boolean) &&
  env.OTEL_SDK_DISABLED !== 'true';

/**
 * Registers the global tracer provider, the AsyncLocalStorage context manager and W3C trace-context + baggage
 * propagation. Spans go over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) is set — the
 * exporter reads the standard OTEL_EXPORTER_OTLP_* variables itself — and to `exporter` when one is given.
 */
export const startTelemetry = (options: TelemetryOptions): Telemetry => {
  const env = options.env ?? process.env;
  const exportingOtlp = otlpConfigured(env);
  const spanProcessors: SpanProcessor[] = [
    ...(exportingOtlp ? [new BatchSpanProcessor(new OTLPTraceExporter())] : []),
    ...(options.exporter ? [new SimpleSpanProcessor(options.exporter)] : []),
  ];
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.serviceName,
      ...(options.serviceVersion ? { [ATTR_SERVICE_VERSION]: options.serviceVersion } : {}),
    }),
    spanProcessors,
  });
  provider.register({
    propagator: new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  });
  const instrumentations: Instrumentation[] = [
    ...((options.instrument?.mongodb ?? true) ? [new MongoDBInstrumentation()] : []),
    ...(options.instrument?.grpc ? [new GrpcInstrumentation()] : []),
  ];
  const unregister = registerInstrumentations({ tracerProvider: provider, instrumentations });
  return {
    provider,
    exportingOtlp,
    flush: () => provider.forceFlush(),
    shutdown: async () => {
      unregister();
      await provider.shutdown();
      // Frees the globals so a later startTelemetry (another test, a restart) can register again.
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
};
