import { context, propagation, type Context } from '@opentelemetry/api';
import type { RecordHeaders } from './types';

/**
 * W3C trace context travels in record headers. A record that already names its trace (the relay copies the
 * traceparent of the command that caused the event) keeps it; otherwise the active context is injected.
 */
export const withTraceContext = (
  headers: RecordHeaders | undefined,
  active: Context = context.active(),
): RecordHeaders => {
  const carrier: Record<string, string> = { ...headers };
  if (!carrier.traceparent) propagation.inject(active, carrier);
  return carrier;
};

/** The context a consumer continues: the one carried by the record, on top of the current one. */
export const recordContext = (headers: RecordHeaders, base: Context = context.active()): Context =>
  propagation.extract(base, headers);
