import { status, type ServiceError } from '@grpc/grpc-js';
import {
  createEchoServer,
  createTestClient,
  decodeStatusDetails,
  echoProtoFile,
  ECHO_SERVICE,
  issueTestToken,
  type TestClient,
} from './testing';
import type { DeniedContext, GrpcKitServer } from './index';
import { eventually } from '@carebridge/test-engines';

const denials: { ctx: DeniedContext; method: string; reason: string }[] = [];
let server: GrpcKitServer;
let client: TestClient;
let token: string;

const failure = async (promise: Promise<unknown>): Promise<ServiceError> => {
  try {
    await promise;
  } catch (err) {
    return err as ServiceError;
  }
  throw new Error('the call succeeded but was expected to fail');
};

beforeAll(async () => {
  server = createEchoServer({ onDenied: (ctx, method, reason) => void denials.push({ ctx, method, reason }) });
  const { port } = await server.start();
  token = await issueTestToken({ sub: 'caseworker-1', roles: ['relief.caseworker'], division: '630100' });
  client = createTestClient({
    address: `127.0.0.1:${port}`,
    protoFiles: [echoProtoFile],
    service: ECHO_SERVICE,
    token,
  });
});
afterAll(async () => {
  client.close();
  await server.stop(1000);
});
beforeEach(() => void denials.splice(0));

describe('authentication and roles', () => {
  it('gives the handler the principal, the idempotency key and int64 as exact strings', async () => {
    const reply = await client.call<Record<string, string>>(
      'Say',
      { text: 'hi', amountFen: '9007199254740993' },
      { idempotencyKey: 'cmd-1' },
    );
    expect(reply).toMatchObject({
      text: 'hi',
      subject: 'caseworker-1',
      division: '630100',
      commandId: 'cmd-1',
      amountFen: '9007199254740993',
    });
  });

  it('takes the idempotency key from the request field when metadata has none', async () => {
    const reply = await client.call<Record<string, string>>('Say', { text: 'x', idempotencyKey: 'field-key' });
    expect(reply.commandId).toBe('field-key');
  });

  it.each([
    ['no token', ''],
    ['a malformed token', 'not-a-jwt'],
  ])('refuses a call with %s as UNAUTHENTICATED and audits it', async (_label, bad) => {
    const err = await failure(
      client.call('Say', { text: 'x' }, { token: bad || undefined, metadata: bad ? {} : { authorization: '' } }),
    );
    expect(err.code).toBe(status.UNAUTHENTICATED);
    expect(denials).toEqual([
      expect.objectContaining<{ method: string; ctx: unknown }>({
        method: `/${ECHO_SERVICE}/Say`,
        ctx: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
      }),
    ]);
  });

  it.each([
    ['expired', { expiresIn: -120 }, 'ERR_JWT_EXPIRED'],
    ['for another audience', { audience: 'someone-else' }, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['from another issuer', { issuer: 'elsewhere' }, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['with an unknown division', { division: '639999' }, 'division'],
  ])('refuses a token %s', async (_label, extra, why) => {
    const bad = await issueTestToken({ sub: 'x', roles: ['relief.caseworker'], division: '630100', ...extra });
    const err = await failure(client.call('Say', { text: 'x' }, { token: bad }));
    expect(err.code).toBe(status.UNAUTHENTICATED);
    expect(err.details).toContain(why);
  });

  it('refuses a token signed with another secret', async () => {
    const forged = await issueTestToken(
      { sub: 'x', roles: ['kit.admin'], division: '630100' },
      'another-secret-of-at-least-32-bytes!!',
    );
    expect((await failure(client.call('Admin', { text: 'x' }, { token: forged }))).code).toBe(status.UNAUTHENTICATED);
  });

  it('refuses a caller without the method role as PERMISSION_DENIED and audits who it was', async () => {
    const err = await failure(client.call('Admin', { text: 'x' }));
    expect(err.code).toBe(status.PERMISSION_DENIED);
    expect(denials[0]?.ctx.principal?.subject).toBe('caseworker-1');
    const admin = await issueTestToken({ sub: 'admin-1', roles: ['kit.admin'], division: '630000' });
    await expect(client.call('Admin', { text: 'ok' }, { token: admin })).resolves.toMatchObject({ subject: 'admin-1' });
  });

  it('checks jurisdiction: a prefecture caseworker reaches its counties, not another prefecture', async () => {
    await expect(client.call('Say', { text: 'x', division: '630102' })).resolves.toMatchObject({ text: 'x' });
    const err = await failure(client.call('Say', { text: 'x', division: '632801' }));
    expect(err.code).toBe(status.PERMISSION_DENIED);
    expect(denials).toHaveLength(1);
  });
});

describe('the error model', () => {
  it('maps ValidationError to INVALID_ARGUMENT naming every bad field in google.rpc.BadRequest', async () => {
    const err = await failure(client.call('Fail', { kind: 'validation' }));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(decodeStatusDetails(err)?.fieldViolations).toEqual([
      { field: 'applicant.name', description: 'must not be empty' },
      { field: 'household_division', description: 'unknown GB/T 2260 code' },
    ]);
  });

  it('maps InvalidAppendError to INVALID_ARGUMENT with its paths as fields', async () => {
    const err = await failure(client.call('Fail', { kind: 'append' }));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(decodeStatusDetails(err)?.fieldViolations.map((v) => v.field)).toEqual(['/events/0/data/amountFen']);
  });

  it('maps DomainRuleError to FAILED_PRECONDITION with an ErrorInfo reason', async () => {
    const err = await failure(client.call('Fail', { kind: 'rule' }));
    expect(err.code).toBe(status.FAILED_PRECONDITION);
    expect(decodeStatusDetails(err)?.errorInfo).toEqual({
      reason: 'FUND_INSUFFICIENT',
      domain: 'kit-test',
      metadata: { field: 'amount_fen' },
    });
  });

  it.each([
    ['notFound', status.NOT_FOUND],
    ['denied', status.PERMISSION_DENIED],
    ['conflict', status.ABORTED],
    ['reused', status.INVALID_ARGUMENT],
  ])('maps %s to status %s', async (kind, code) => {
    expect((await failure(client.call('Fail', { kind }))).code).toBe(code);
  });

  it('maps anything else to INTERNAL without leaking its message', async () => {
    const err = await failure(client.call('Fail', { kind: 'internal' }));
    expect(err.code).toBe(status.INTERNAL);
    expect(err.details).toBe('internal error');
    expect(decodeStatusDetails(err)).toBeUndefined();
  });
});

describe('deadlines', () => {
  it('ends a call past its deadline with DEADLINE_EXCEEDED and aborts the handler', async () => {
    const err = await failure(client.call('Slow', { millis: 2000 }, { deadlineMs: 150 }));
    expect(err.code).toBe(status.DEADLINE_EXCEEDED);
    // The handler saw its signal abort and returned, so nothing is left in flight.
    await eventually(() => expect(server.inflight()).toBe(0), {
      what: 'the aborted handler to return',
      timeoutMs: 5_000,
    });
  });

  it('lets a call that finishes within its deadline through', async () => {
    await expect(client.call('Slow', { millis: 20 }, { deadlineMs: 2000 })).resolves.toMatchObject({
      text: 'done',
      aborted: false,
    });
  });
});
