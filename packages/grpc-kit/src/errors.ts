import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { DomainRuleError, NotFoundError, PermissionDeniedError, ValidationError } from '@carebridge/decider';
import { ConcurrencyConflictError, IdempotencyKeyReusedError, InvalidAppendError } from '@carebridge/event-store';
import { UnauthenticatedError } from './auth';
import { encodeStatusDetails, STATUS_DETAILS_KEY, type ErrorInfo, type FieldViolation } from './statusDetails';

/** Raise a specific status from a handler when no domain error fits (e.g. UNAVAILABLE from a dependency). */
export class GrpcStatusError extends Error {
  override readonly name = 'GrpcStatusError';
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
  }
}

export type MappedError = {
  readonly code: status;
  readonly message: string;
  readonly fieldViolations?: readonly FieldViolation[];
  readonly errorInfo?: ErrorInfo;
  /** False when the message was replaced because the original may hold internals or personal data. */
  readonly exposed: boolean;
};

// `instanceof` first; the name test keeps mapping right if a second copy of a package is ever loaded.
const is = <T>(err: unknown, type: abstract new (...args: never[]) => T, name: string): err is T =>
  err instanceof type || (err instanceof Error && err.name === name);

/**
 * The ErrorInfo reason clients branch on: UPPER_SNAKE, at most 63 characters (ADR 0005, AIP-193), whatever spelling
 * a decider used (`fund_insufficient`, `orderId`, `item_draft`). One rule at the edge, so no two RPCs disagree.
 */
export const errorReason = (code: string): string =>
  code
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase()
    .slice(0, 63);

/** The standard error model: one table from domain and store errors to gRPC codes. */
export const mapError = (err: unknown, domain: string): MappedError => {
  if (is(err, ValidationError, 'ValidationError')) {
    return { code: status.INVALID_ARGUMENT, message: err.message, fieldViolations: err.violations, exposed: true };
  }
  if (is(err, InvalidAppendError, 'InvalidAppendError')) {
    const fieldViolations = err.violations.map((v) => ({ field: v.path, description: v.message }));
    return { code: status.INVALID_ARGUMENT, message: err.message, fieldViolations, exposed: true };
  }
  if (is(err, IdempotencyKeyReusedError, 'IdempotencyKeyReusedError')) {
    const description = 'this idempotency key was already used for a different request';
    return {
      code: status.INVALID_ARGUMENT,
      message: description,
      fieldViolations: [{ field: 'idempotency_key', description }],
      exposed: true,
    };
  }
  if (is(err, DomainRuleError, 'DomainRuleError')) {
    const metadata: Record<string, string> = err.field ? { field: err.field } : {};
    return {
      code: status.FAILED_PRECONDITION,
      message: err.message,
      errorInfo: { reason: errorReason(err.code), domain, metadata },
      exposed: true,
    };
  }
  if (is(err, NotFoundError, 'NotFoundError')) return { code: status.NOT_FOUND, message: err.message, exposed: true };
  if (is(err, PermissionDeniedError, 'PermissionDeniedError'))
    return { code: status.PERMISSION_DENIED, message: err.message, exposed: true };
  if (is(err, UnauthenticatedError, 'UnauthenticatedError'))
    return { code: status.UNAUTHENTICATED, message: err.message, exposed: true };
  if (is(err, ConcurrencyConflictError, 'ConcurrencyConflictError')) {
    return {
      code: status.ABORTED,
      message: 'the record changed since it was read; read it again and retry',
      exposed: true,
    };
  }
  if (is(err, GrpcStatusError, 'GrpcStatusError')) return { code: err.code, message: err.message, exposed: true };
  return { code: status.INTERNAL, message: 'internal error', exposed: false };
};

/** The ServiceError grpc-js sends: code, message and, when there are details, the google.rpc.Status trailer. */
export const toServiceError = (mapped: MappedError): Partial<ServiceError> => {
  const metadata = new Metadata();
  if (mapped.fieldViolations?.length || mapped.errorInfo) {
    metadata.set(
      STATUS_DETAILS_KEY,
      encodeStatusDetails({
        code: mapped.code,
        message: mapped.message,
        ...(mapped.fieldViolations ? { fieldViolations: mapped.fieldViolations } : {}),
        ...(mapped.errorInfo ? { errorInfo: mapped.errorInfo } : {}),
      }),
    );
  }
  return { code: mapped.code, details: mapped.message, metadata };
};
