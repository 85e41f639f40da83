import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { loadPackageDefinition } from '@carebridge/proto';
import {
  createEchoServer,
  decodeStatusDetails,
  echoProtoFile,
  ECHO_SERVICE,
  issueTestToken,
  type CountLedger,
} from './testing';
import { createSqliteDocumentStore } from '@carebridge/document-store-sqlite';
import { createIdempotencyKeys } from './idempotency';
import type { GrpcKitServer } from './index';

const ledger: CountLedger = { runs: 0 };
let server: GrpcKitServer;
let client: grpc.Client;
let serialize: (value: object) => Buffer;
const tokens: Record<string, string> = {};

/** Calls Count and answers the response's raw bytes, as they came over the wire. */
const count = (request: object, key: string | undefined, who = 'alice'): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const metadata = new grpc.Metadata();
    metadata.set('authorization', `Bearer ${tokens[who]}`);
    if (key !== undefined) metadata.set('idempotency-key', key);
    client.makeUnaryRequest(
      `/${ECHO_SERVICE}/Count`,
      serialize,
      (bytes: Buffer) => bytes,
      request,
      metadata,
      (err, bytes) => (err ? reject(err) : resolve(bytes!)),
    );
  });

const failure = async (promise: Promise<unknown>): Promise<grpc.ServiceError> => {
  try {
    await promise;
  } catch (err) {
    return err as grpc.ServiceError;
  }
  throw new Error('the call succeeded but was expected to fail');
};

beforeAll(async () => {
  server = createEchoServer({}, ledger);
  const { port } = await server.start();
  for (const sub of ['alice', 'bob'])
    tokens[sub] = await issueTestToken({ sub, roles: ['relief.caseworker'], division: '630100' });
  client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const method = loadPackageDefinition([echoProtoFile])[ECHO_SERVICE] as grpc.ServiceDefinition;
  serialize = method.Count!.requestSerialize as (value: object) => Buffer;
});
afterAll(async () => {
  client.close();
  await server.stop(1000);
});

describe('one idempotency rule for every write', () => {
  it('runs a write once per key and answers a retry with the first response, byte for byte', async () => {
    const key = randomUUID();
    const before = ledger.runs;
    const first = await count({ text: 'hello' }, key);
    const retry = await count({ text: 'hello' }, key);
    expect(ledger.runs).toBe(before + 1);
    expect(first.length).toBeGreaterThan(0);
    expect(retry.equals(first)).toBe(true);
    const fresh = await count({ text: 'hello' }, randomUUID());
    expect(fresh.equals(first)).toBe(false);
    expect(ledger.runs).toBe(before + 2);
  });

  it('refuses the same key with a different request: INVALID_ARGUMENT on idempotency_key, and nothing runs', async () => {
    const key = randomUUID();
    await count({ text: 'first' }, key);
    const before = ledger.runs;
    const err = await failure(count({ text: 'second' }, key));
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(decodeStatusDetails(err)?.fieldViolations?.map((v) => v.field)).toEqual(['idempotency_key']);
    expect(ledger.runs).toBe(before);
  });

  it('gives twenty parallel calls with one key one effect and twenty identical responses', async () => {
    const key = randomUUID();
    const before = ledger.runs;
    const responses = await Promise.all(Array.from({ length: 20 }, () => count({ text: 'burst', millis: 150 }, key)));
    expect(ledger.runs).toBe(before + 1);
    for (const response of responses) expect(response.equals(responses[0]!)).toBe(true);
  });

  it('scopes a key to its caller: another caller with the same key is another call', async () => {
    const key = randomUUID();
    const before = ledger.runs;
    const alice = await count({ text: 'mine' }, key, 'alice');
    const bob = await count({ text: 'mine' }, key, 'bob');
    expect(ledger.runs).toBe(before + 2);
    expect(bob.equals(alice)).toBe(false);
  });

  it('requires a key on a write, naming idempotency_key', async () => {
    const before = ledger.runs;
    const err = await failure(count({ text: 'no key' }, undefined));
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(decodeStatusDetails(err)?.fieldViolations?.map((v) => v.field)).toEqual(['idempotency_key']);
    expect(ledger.runs).toBe(before);
  });

  it('remembers only success: after an error the key is free and a retry runs again', async () => {
    const key = randomUUID();
    const before = ledger.runs;
    expect((await failure(count({ text: 'refuse' }, key))).code).toBe(grpc.status.FAILED_PRECONDITION);
    expect((await failure(count({ text: 'refuse' }, key))).code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(ledger.runs).toBe(before + 2);
  });
});

describe('text hygiene on every string field', () => {
  it.each([
    ['text', { text: 'a\u202eb' }],
    ['text', { text: 'a\u0000b' }],
    ['text', { text: 'a\u200bb' }],
    ['text', { text: 'x'.repeat(1 << 20) }],
    ['text', { text: 'two\nlines' }],
    ['note', { text: 'ok', note: 'n'.repeat(21) }],
    ['tags[1]', { text: 'ok', tags: ['fine', 'bad\u2066'] }],
    ['nested.text', { text: 'ok', nested: { text: '\ufeffhidden' } }],
    ['nested.labels["k"]', { text: 'ok', nested: { labels: { k: 'v\u202d' } } }],
  ])('refuses %s with INVALID_ARGUMENT naming it, and runs nothing', async (field, request) => {
    const before = ledger.runs;
    const err = await failure(count(request, randomUUID()));
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(decodeStatusDetails(err)?.fieldViolations?.map((v) => v.field)).toEqual([field]);
    expect(ledger.runs).toBe(before);
  });

  it('accepts what the rule allows (line breaks in a multi-line field, ZWJ) and hands the handler NFC text', async () => {
    const bytes = await count({ text: 'Cafe\u0301 👩\u200d👧', note: 'line 1\nline 2' }, randomUUID());
    const reply = (
      loadPackageDefinition([echoProtoFile])[ECHO_SERVICE] as grpc.ServiceDefinition
    ).Count!.responseDeserialize(bytes) as { text: string };
    expect(reply.text).toMatch(/^Café 👩\u200d👧#\d+$/);
  });
});

describe('lapsed idempotency keys', () => {
  const settings = { retentionMs: 60_000, leaseMs: 5_000, purgeIntervalMs: 0 };
  const scope = (key: string) => ({ caller: 'alice', method: '/echo/Count', key });
  const signal = new AbortController().signal;

  it('are deleted in bulk once past their retention (or lease), and a later call with the key runs again', async () => {
    let clock = 1_000_000;
    const documents = createSqliteDocumentStore({ filename: ':memory:' });
    const keys = createIdempotencyKeys(documents, settings, () => clock);
    const request = Buffer.from('same request');

    const done = await keys.begin(scope('done'), request, signal);
    await done.complete(Buffer.from('first response'));
    await keys.begin(scope('abandoned'), request, signal); // claimed, never completed: its process died
    clock += 30_000;
    const recent = await keys.begin(scope('recent'), request, signal);
    await recent.complete(Buffer.from('recent response'));

    // 30 s on: only the abandoned claim's lease (5 s) has lapsed.
    expect(await keys.purgeExpired()).toBe(1);
    expect((await keys.begin(scope('done'), request, signal)).replay?.toString()).toBe('first response');

    clock += 40_000; // 70 s: the first response is past its 60 s retention, the recent one is not.
    expect(await keys.purgeExpired()).toBe(1);
    expect(await keys.purgeExpired()).toBe(0);
    expect((await keys.begin(scope('recent'), request, signal)).replay?.toString()).toBe('recent response');
    const again = await keys.begin(scope('done'), request, signal);
    expect(again.replay).toBeUndefined();
    await documents.close();
  });
});
