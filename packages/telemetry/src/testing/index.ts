// Test helpers: imported as @carebridge/telemetry/testing, never built into dist/.
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Writable } from 'node:stream';

export { InMemorySpanExporter, type ReadableSpan };

/** A pino destination that keeps every line, for asserting on what was (and was not) logged. */
export const createLogCapture = (): {
  readonly stream: Writable;
  readonly lines: () => string[];
  readonly records: () => Record<string, unknown>[];
} => {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const lines = () => chunks.join('').split('\n').filter(Boolean);
  return { stream, lines, records: () => lines().map((l) => JSON.parse(l) as Record<string, unknown>) };
};
