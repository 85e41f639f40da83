import { DomainRuleError, NotFoundError, PermissionDeniedError, ValidationError } from '@carebridge/decider';
import { ConcurrencyConflictError, IdempotencyKeyReusedError, InvalidAppendError } from '@carebridge/event-store';
import { createSqliteDocumentStore } from '@carebridge/document-store-sqlite';
import { createLogger } from '@carebridge/telemetry';
import { createGrpcServer, type GrpcServerOptions } from '../server';
import { unary } from '../unary';
import { assertJurisdiction } from '../jurisdiction';
import type { CallContext } from '../types';
import { ECHO_SERVICE, echoProtoFile } from './echoProto';
import { testAuthOptions } from './testToken';

type SayRequest = { text: string; idempotencyKey: string; amountFen: string; division: string };

const say = (req: SayRequest, ctx: CallContext) => {
  if (req.division) assertJurisdiction(ctx.principal, req.division);
  return {
    text: req.text,
    subject: ctx.principal.subject,
    division: ctx.principal.division,
    commandId: ctx.commandId ?? '',
    amountFen: req.amountFen,
    traceparent: ctx.traceparent ?? '',
  };
};

/** Waits `millis`, or until the call's signal aborts; reports which. */
const slow = async (req: { millis: number }, ctx: CallContext) => {
  const aborted = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), req.millis);
    ctx.signal.addEventListener('abort', () => (clearTimeout(timer), resolve(true)), { once: true });
  });
  return { text: aborted ? 'aborted' : 'done', aborted };
};

const failures: Record<string, () => Error> = {
  validation: () =>
    new ValidationError([
      { field: 'applicant.name', description: 'must not be empty' },
      { field: 'household_division', description: 'unknown GB/T 2260 code' },
    ]),
  append: () => new InvalidAppendError([{ path: '/events/0/data/amountFen', message: 'must be an integer' }]),
  rule: () => new DomainRuleError('the fund cannot cover this amount', 'FUND_INSUFFICIENT', 'amount_fen'),
  notFound: () => new NotFoundError('application A-1 not found'),
  denied: () => new PermissionDeniedError('only the assigned caseworker may do this'),
  conflict: () => new ConcurrencyConflictError('application-A-1', '3', 4),
  reused: () => new IdempotencyKeyReusedError('application-A-1', 'k-1'),
  internal: () => new Error('driver said: duplicate for 张三 / 630102199001011234'),
};

/** How often the echo service's write ran: one effect per idempotency key is what the kit promises. */
export type CountLedger = { runs: number };

/** Counts one run and answers with the count; waits `millis` first so that parallel calls overlap. */
const count = (ledger: CountLedger) => async (req: { text: string; millis: number }, ctx: CallContext) => {
  await new Promise((resolve) => setTimeout(resolve, req.millis));
  ledger.runs += 1;
  if (req.text === 'refuse') throw new DomainRuleError('refused on request', 'REFUSED');
  return { text: `${req.text}#${ledger.runs}`, subject: ctx.principal.subject, commandId: ctx.commandId ?? '' };
};

/**
 * The kit around the echo service, as the kit's tests and benchmark run it. Idempotency keys live in an in-memory
 * SQLite document store (the embedded default's engine) unless the caller passes its own.
 */
export const createEchoServer = (overrides: Partial<GrpcServerOptions> = {}, ledger: CountLedger = { runs: 0 }) =>
  createGrpcServer({
    documents: createSqliteDocumentStore({ filename: ':memory:' }),
    serviceName: 'kit-test',
    protoFiles: [echoProtoFile],
    auth: testAuthOptions(),
    port: 0,
    host: '127.0.0.1',
    defaultMetrics: false,
    logger: createLogger({ serviceName: 'kit-test', level: process.env.LOG_LEVEL ?? 'warn' }),
    services: {
      [ECHO_SERVICE]: {
        Say: unary(say),
        Slow: unary(slow),
        Fail: unary((req: { kind: string }) => {
          throw (failures[req.kind] ?? failures.internal!)();
        }),
        Admin: unary(say, { roles: ['kit.admin'] }),
        Count: unary(count(ledger)),
      },
    },
    ...overrides,
  });
