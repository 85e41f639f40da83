import { status, type Metadata, type sendUnaryData, type ServerUnaryCall, type handleUnaryCall } from '@grpc/grpc-js';
import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  ROOT_CONTEXT,
  type TextMapGetter,
} from '@opentelemetry/api';
import type { Logger } from '@carebridge/telemetry';
import { ValidationError } from '@carebridge/decider';
import { anonymousPrincipal, UnauthenticatedError, type Authenticator } from './auth';
import { mapError, toServiceError, type MappedError } from './errors';
import type { IdempotencyKeys, IdempotentCall } from './idempotency';
import type { InflightTracker } from './inflight';
import type { KitMetrics } from './metrics';
import type { RpcPolicy } from './rpcPolicy';
import type { ChannelCheck } from './transportSecurity';
import type { CallContext, DeniedContext, OnDenied, Principal, UnaryMethod } from './types';

export type CallDeps = {
  readonly domain: string;
  readonly authenticate: Authenticator;
  readonly onDenied: OnDenied | undefined;
  readonly logger: Logger;
  readonly metrics: KitMetrics;
  readonly inflight: InflightTracker;
  readonly idempotency: IdempotencyKeys;
  /** mTLS: the client certificate and the token must name the same agency. */
  readonly channelCheck: ChannelCheck | undefined;
};

/** What the kit knows of one RPC from its .proto. */
export type RpcBinding = {
  readonly policy: RpcPolicy;
  /** Checks and NFC-normalises every text field; throws a ValidationError naming the refused fields. */
  readonly cleanRequest: (request: unknown) => void;
  readonly serializeRequest: (request: unknown) => Buffer;
  readonly serializeResponse: (response: unknown) => Buffer;
};

const missingKey = 'is required for writes: send metadata idempotency-key (one UUID per intent, reused on retries)';

const tracer = trace.getTracer('@carebridge/grpc-kit');

const metadataGetter: TextMapGetter<Metadata> = {
  keys: (m) => Object.keys(m.getMap()),
  get: (m, key) => {
    const values = m.get(key).filter((v): v is string => typeof v === 'string');
    return values.length > 1 ? values : values[0];
  },
};

const first = (m: Metadata, key: string): string | undefined => {
  const v = m.get(key)[0];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

const idempotencyKeyOf = (m: Metadata, request: unknown): string | undefined => {
  const fromMetadata = first(m, 'idempotency-key');
  if (fromMetadata) return fromMetadata;
  const field =
    typeof request === 'object' && request !== null
      ? (request as { idempotencyKey?: unknown }).idempotencyKey
      : undefined;
  return typeof field === 'string' && field !== '' ? field : undefined;
};

const deadlineOf = (call: ServerUnaryCall<unknown, unknown>): Date | undefined => {
  const d = call.getDeadline();
  const ms = d instanceof Date ? d.getTime() : d;
  return Number.isFinite(ms) ? new Date(ms) : undefined;
};

/** Turns a kit method into a grpc-js handler: trace, deadline, auth, roles, context, error model, metrics. */
export const wrapUnary = (
  serviceName: string,
  methodName: string,
  method: UnaryMethod<never, unknown>,
  deps: CallDeps,
  rpc: RpcBinding,
): handleUnaryCall<unknown, unknown> => {
  const path = `/${serviceName}/${methodName}`;
  return (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
    const started = performance.now();
    const parent = propagation.extract(ROOT_CONTEXT, call.metadata, metadataGetter);
    const span = tracer.startSpan(
      `${serviceName}/${methodName}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'rpc.system': 'grpc', 'rpc.service': serviceName, 'rpc.method': methodName },
      },
      parent,
    );
    const spanContext = trace.setSpan(parent, span);
    const carrier: Record<string, string> = {};
    propagation.inject(spanContext, carrier);
    const traceparent = carrier.traceparent ?? first(call.metadata, 'traceparent');
    const idempotencyKey = idempotencyKeyOf(call.metadata, call.request);
    let commandId = idempotencyKey;
    const controller = new AbortController();
    const deadline = deadlineOf(call);
    let principal: Principal | undefined;

    const finish = (mapped: MappedError | undefined, response?: unknown): void => {
      const code = mapped?.code ?? status.OK;
      span.setAttribute('rpc.grpc.status_code', code);
      if (mapped) span.setStatus({ code: SpanStatusCode.ERROR, message: status[code] });
      span.end();
      deps.metrics.observe(serviceName, methodName, code, (performance.now() - started) / 1000);
      if (mapped) callback(toServiceError(mapped));
      else callback(null, response);
    };

    const deny = async (code: DeniedContext['code'], reason: string): Promise<void> => {
      const denied: DeniedContext = { code, principal, commandId, traceparent, peer: call.getPeer() };
      try {
        await deps.onDenied?.(denied, path, reason);
      } catch (err) {
        deps.logger.error({ method: path, err: { name: (err as Error).name } }, 'audit hook failed on a refusal');
      }
    };

    const run = async (): Promise<void> => {
      if (deadline && deadline.getTime() <= Date.now()) {
        return finish({ code: status.DEADLINE_EXCEEDED, message: 'deadline already passed on arrival', exposed: true });
      }
      const authorization = first(call.metadata, 'authorization');
      try {
        principal =
          rpc.policy.roles === 'public' && !authorization ? anonymousPrincipal : await deps.authenticate(authorization);
      } catch (err) {
        const reason = err instanceof UnauthenticatedError ? err.message : 'unverifiable token';
        await deny('UNAUTHENTICATED', reason);
        return finish({ code: status.UNAUTHENTICATED, message: reason, exposed: true });
      }
      const mismatch = principal.anonymous ? undefined : deps.channelCheck?.(call, principal.agency);
      if (mismatch) {
        await deny('UNAUTHENTICATED', mismatch);
        return finish({ code: status.UNAUTHENTICATED, message: mismatch, exposed: true });
      }
      const roles = rpc.policy.roles;
      if (Array.isArray(roles) && !principal.roles.some((r) => roles.includes(r))) {
        const reason = `requires one of the roles ${roles.join(', ')}`;
        await deny('PERMISSION_DENIED', reason);
        return finish({ code: status.PERMISSION_DENIED, message: reason, exposed: true });
      }
      let log: Logger | undefined;
      const who = principal;
      // The child logger is made on first use: most calls never log, and a child per call costs throughput.
      const logger = (): Logger => (log ??= deps.logger.child({ method: path, subject: who.subject, commandId }));
      let held: IdempotentCall | undefined;
      try {
        rpc.cleanRequest(call.request);
        if (rpc.policy.writes) {
          if (!idempotencyKey) throw new ValidationError([{ field: 'idempotency_key', description: missingKey }]);
          held = await deps.idempotency.begin(
            { caller: principal.subject, method: path, key: idempotencyKey },
            rpc.serializeRequest(call.request),
            controller.signal,
          );
          commandId = held.scopedKey;
          if (held.replay) return finish(undefined, held.replay);
        }
        const ctx: CallContext = {
          principal,
          method: path,
          commandId,
          traceparent,
          deadline,
          signal: controller.signal,
          metadata: call.metadata,
          get log() {
            return logger();
          },
        };
        const response = await context.with(spanContext, () => method.handler(call.request as never, ctx));
        if (!held) return finish(undefined, response);
        // The bytes sent are the bytes kept, so a retry gets this response exactly.
        const bytes = rpc.serializeResponse(response);
        await held.complete(bytes);
        return finish(undefined, bytes);
      } catch (err) {
        await held?.release().catch(() => undefined);
        const mapped = mapError(err, deps.domain);
        if (mapped.code === status.PERMISSION_DENIED) await deny('PERMISSION_DENIED', mapped.message);
        if (!mapped.exposed) {
          // The stack names the code path; the message stays out because it may quote request data.
          const stack = err instanceof Error ? (err.stack ?? '').split('\n').slice(1, 8).join('\n') : '';
          context.with(spanContext, () =>
            logger().error({ errName: err instanceof Error ? err.name : typeof err, stack }, 'handler failed'),
          );
        }
        return finish(mapped);
      }
    };

    const onCancel = (): void => controller.abort(new Error('call cancelled by the client or its deadline'));
    call.once('cancelled', onCancel);
    const timer = deadline
      ? setTimeout(() => controller.abort(new Error('deadline exceeded')), Math.max(0, deadline.getTime() - Date.now()))
      : undefined;
    timer?.unref();
    const work = run().finally(() => {
      clearTimeout(timer);
      call.removeListener('cancelled', onCancel);
    });
    deps.inflight.track(controller, work);
  };
};
