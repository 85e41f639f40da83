import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
} from '@opentelemetry/api';

const tracer = () => trace.getTracer('@carebridge/telemetry');

/**
 * Runs `fn` inside a span that ends when it settles, recording a thrown error by its name only (messages may
 * quote personal data). For boundaries no auto-instrumentation covers: the store append, a consumer's apply.
 */
export const withSpan = async <T>(
  name: string,
  options: { readonly kind?: SpanKind; readonly attributes?: Attributes; readonly parent?: Context },
  fn: () => Promise<T> | T,
): Promise<T> => {
  const span = tracer().startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, ...(options.attributes ? { attributes: options.attributes } : {}) },
    options.parent ?? context.active(),
  );
  try {
    return await context.with(trace.setSpan(options.parent ?? context.active(), span), fn);
  } catch (err) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.name : 'error' });
    throw err;
  } finally {
    span.end();
  }
};

/** The W3C traceparent of a context (the active one by default); undefined when no span is recording there. */
export const traceparentOf = (ctx: Context = context.active()): string | undefined => {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier.traceparent;
};

/** A context continuing the trace named by a stored or received traceparent. */
export const contextFromTraceparent = (traceparent: string | undefined, base: Context = ROOT_CONTEXT): Context =>
  traceparent ? propagation.extract(base, { traceparent }) : base;
