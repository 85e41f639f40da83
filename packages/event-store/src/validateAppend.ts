import type { EventRegistry, SchemaViolation } from '@carebridge/event-schema';
import { InvalidAppendError } from './errors';
import type { AppendOptions, NewEvent } from './types';

export type AppendLimits = { readonly maxEventBytes: number; readonly maxEventsPerAppend: number };
export const defaultLimits: AppendLimits = { maxEventBytes: 256 * 1024, maxEventsPerAppend: 100 };

const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

/** Everything that can be wrong with an append before it touches storage. Throws; writes nothing. */
export const validateAppend = (
  registry: EventRegistry,
  limits: AppendLimits,
  streamId: unknown,
  events: readonly NewEvent[],
  options: AppendOptions,
): void => {
  const violations: SchemaViolation[] = [];
  if (typeof streamId !== 'string' || streamId.length === 0) {
    violations.push({ path: 'streamId', message: 'is required' });
  } else if (!STREAM_ID.test(streamId)) {
    violations.push({ path: 'streamId', message: 'must be 1-200 characters of letters, digits and . _ : -' });
  }
  if (typeof options?.commandId !== 'string' || options.commandId.trim() === '') {
    violations.push({ path: 'commandId', message: 'is required (the idempotency key of the command)' });
  }
  const expected = options?.expectedVersion;
  if (!(
    ['no_stream', 'stream_exists', 'any'].includes(expected as string) ||
    (Number.isInteger(expected) && (expected as number) >= 0)
  )) {
    violations.push({ path: 'expectedVersion', message: 'must be a version >= 0, no_stream, stream_exists or any' });
  }
  if (!Array.isArray(events) || events.length === 0) {
    violations.push({ path: 'events', message: 'must hold at least one event' });
  } else if (events.length > limits.maxEventsPerAppend) {
    violations.push({ path: 'events', message: `must hold at most ${limits.maxEventsPerAppend} events` });
  } else {
    // Callers outside TypeScript can send holes: an event is checked before its shape is trusted.
    events.forEach((event: NewEvent | undefined, i) => {
      const at = `events[${i}]`;
      if (!event || !registry.latest(event.type)) {
        violations.push({ path: `${at}.type`, message: `unknown event type ${String(event?.type)}` });
        return;
      }
      for (const v of registry.validate(event.type, event.data)) {
        violations.push({ path: `${at}.data.${v.path}`, message: v.message });
      }
      const bytes = Buffer.byteLength(JSON.stringify(event.data ?? null));
      if (bytes > limits.maxEventBytes) {
        violations.push({ path: `${at}.data`, message: `is ${bytes} bytes; the limit is ${limits.maxEventBytes}` });
      }
    });
  }
  if (violations.length > 0) throw new InvalidAppendError(violations);
};
