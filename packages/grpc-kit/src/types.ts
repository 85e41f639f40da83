import type * as grpc from '@grpc/grpc-js';
import type { Logger } from '@carebridge/telemetry';

/** Who is calling, from the verified JWT: `sub`, `roles[]`, `division` (six-digit GB/T 2260 code). */
export type Principal = {
  readonly subject: string;
  readonly roles: readonly string[];
  readonly division: string;
  /** The agency the token was issued to (claim `agency`), if any; in mTLS it must match the client certificate. */
  readonly agency?: string;
  /** True only inside a `roles: 'public'` method called without a token. */
  readonly anonymous: boolean;
};

/** What every handler receives beside the request. */
export type CallContext = {
  readonly principal: Principal;
  /** `/carebridge.relief.v1.ReliefIntake/Approve` */
  readonly method: string;
  /**
   * On a write: the caller's idempotency key (metadata `idempotency-key`, else a v1 body field `idempotencyKey`)
   * scoped to the caller and the RPC; pass it to the store as commandId. On a read: the key as sent, if any.
   */
  readonly commandId: string | undefined;
  /** W3C traceparent of this call's server span (or the caller's when tracing is off); store it with the commit. */
  readonly traceparent: string | undefined;
  readonly deadline: Date | undefined;
  /** Aborts when the caller cancels, the deadline passes or shutdown forces the call. */
  readonly signal: AbortSignal;
  readonly metadata: grpc.Metadata;
  readonly log: Logger;
};

export type UnaryHandler<TRequest = never, TResponse = unknown> = (
  request: TRequest,
  ctx: CallContext,
) => Promise<TResponse> | TResponse;

/**
 * Who may call: a list of roles (any one suffices), `'authenticated'` (any valid token) or `'public'`
 * (no token needed; a token that is sent is still verified).
 */
export type RoleRule = readonly string[] | 'authenticated' | 'public';

export type UnaryMethod<TRequest = never, TResponse = unknown> = {
  readonly kind: 'unary';
  readonly handler: UnaryHandler<TRequest, TResponse>;
  /** As stated in code, if at all; the .proto's declaration is the rule and must agree. */
  readonly roles?: RoleRule;
};

/** Handlers of one service by method name as written in the .proto (`SubmitApplication`) or lowerCamel. */
export type ServiceHandlers = Readonly<Record<string, UnaryMethod<never, unknown>>>;

export type DeniedCode = 'UNAUTHENTICATED' | 'PERMISSION_DENIED';

/** What the audit hook learns about a refusal (principal absent when the token was missing or bad). */
export type DeniedContext = {
  readonly code: DeniedCode;
  readonly principal: Principal | undefined;
  readonly commandId: string | undefined;
  readonly traceparent: string | undefined;
  readonly peer: string;
};

export type OnDenied = (ctx: DeniedContext, method: string, reason: string) => void | Promise<void>;

/** Something that must finish its work before the process exits (a consumer, a relay). */
export type Drainable = { readonly drain: () => Promise<void> };

export type ReadinessCheck = () => boolean | Promise<boolean>;
