import type { SchemaViolation } from '@carebridge/event-schema';

/** Base of every error the store raises on purpose; adapters never let a raw driver error through. */
export class EventStoreError extends Error {
  override readonly name: string = 'EventStoreError';
}

/** Another writer got there first; the caller reloads and decides again (gRPC ABORTED). */
export class ConcurrencyConflictError extends EventStoreError {
  override readonly name = 'ConcurrencyConflictError';
  constructor(
    readonly streamId: string,
    readonly expected: string,
    readonly actual: number,
  ) {
    super(`stream ${streamId}: expected version ${expected}, found ${actual}`);
  }
}

/** The append was refused before anything was written (bad stream id, unknown type, schema, size). */
export class InvalidAppendError extends EventStoreError {
  override readonly name = 'InvalidAppendError';
  constructor(readonly violations: readonly SchemaViolation[]) {
    super(`invalid append: ${violations.map((v) => `${v.path}: ${v.message}`).join('; ')}`);
  }
}

/** The same command id was used for a different stream or different events. */
export class IdempotencyKeyReusedError extends EventStoreError {
  override readonly name = 'IdempotencyKeyReusedError';
  constructor(
    readonly streamId: string,
    readonly commandId: string,
  ) {
    super(`command ${commandId} was already recorded with other events on stream ${streamId}`);
  }
}
