import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import * as divisions from '@carebridge/divisions';
import { scopedKeyOf } from '@carebridge/grpc-kit';
import {
  decodeStatusDetails,
  issueTestToken,
  type FixtureApi,
  type FixtureCaller,
  type RpcFixture,
  type RpcFixtures,
} from '@carebridge/grpc-kit/testing';
import type * as protobuf from 'protobufjs';
import type { ReflectedRpc } from './reflectedRpcs';
import type { RunningSuite } from './suiteOnEngines';

/** The fixture api for one run: calls through the suite, values unique within the run. */
export const fixtureApi = (suite: RunningSuite): FixtureApi => {
  let counter = 0;
  const run = randomUUID().slice(0, 8);
  return {
    call: (rpc, request, caller) => suite.call(rpc, request, caller),
    unique: (prefix) => `${prefix}-${run}-${++counter}`,
    uniqueDigits: (length) => {
      const digits = `${Date.now()}${++counter}`.slice(-length);
      return digits.padStart(length, '1');
    },
  };
};

export const fixtureOf = (fixtures: readonly RpcFixtures[], rpc: ReflectedRpc): RpcFixture | undefined =>
  fixtures.find((f) => f.service === rpc.grpcService)?.rpcs[rpc.method];

/** A call's outcome with the response exactly as its bytes arrived. */
export type RawOutcome =
  | { readonly ok: true; readonly bytes: Buffer }
  | { readonly ok: false; readonly code: grpc.status; readonly fields: readonly string[]; readonly message: string };

const clients = new Map<string, grpc.Client>();

/** Calls an RPC and keeps the response bytes (no decoding), with an idempotency key when one is given. */
export const callRaw = async (
  rpc: ReflectedRpc,
  request: object,
  caller: FixtureCaller,
  key: string | undefined,
): Promise<RawOutcome> => {
  const address = rpc.service.address;
  const client = clients.get(address) ?? new grpc.Client(address, grpc.credentials.createInsecure());
  clients.set(address, client);
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${await issueTestToken({ ...caller, expiresIn: 3_600 })}`);
  if (key !== undefined) metadata.set('idempotency-key', key);
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      `/${rpc.rpc}`,
      rpc.serializeRequest,
      (bytes: Buffer) => bytes,
      request,
      metadata,
      { deadline: Date.now() + 60_000 },
      (err, bytes) => {
        if (!err) return resolve({ ok: true, bytes: bytes ?? Buffer.alloc(0) });
        const fields = (decodeStatusDetails(err)?.fieldViolations ?? []).map((v) => v.field);
        resolve({ ok: false, code: err.code, fields, message: err.details });
      },
    );
  });
};

export const closeRawClients = (): void => {
  for (const client of clients.values()) client.close();
  clients.clear();
};

/** Commits a service's store holds for one write (its commandId carries the scoped key, also in derived ids). */
export const commitsOfKey = async (
  suite: RunningSuite,
  rpc: ReflectedRpc,
  caller: FixtureCaller,
  key: string,
): Promise<number> => {
  const scoped = scopedKeyOf({ caller: caller.sub, method: `/${rpc.rpc}`, key });
  const store = rpc.service.infra.depsFor(rpc.service.name).eventStore;
  let after = 0;
  let found = 0;
  for (;;) {
    const page = await store.readAll({ after, limit: 500 });
    found += page.commits.filter((c) => c.commandId.includes(scoped)).length;
    if (page.commits.length === 0 || page.checkpoint === after) return found;
    after = page.checkpoint;
  }
};

/** True when a decoded value holds something: a non-empty string or list, a non-zero number, true. */
export const holdsData = (value: unknown): boolean => {
  if (typeof value === 'string') return value !== '' && value !== '0';
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'boolean') return value;
  if (Buffer.isBuffer(value)) return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  if (value && typeof value === 'object') return Object.values(value).some(holdsData);
  return false;
};

const lowerCamel = (name: string): string => name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** A path to a string field of a request, in .proto names (`child.name`, `contact_ids[0]`), and how to set it. */
export type StringField = { readonly path: string; readonly set: (request: object, value: string) => object };

/** Every string field of a message, nested messages included (to `depth`), repeated fields at index 0. */
export const stringFieldsOf = (type: protobuf.Type, depth = 3): StringField[] => {
  const out: StringField[] = [];
  const walk = (message: protobuf.Type, prefix: string, at: readonly string[], left: number): void => {
    for (const field of message.fieldsArray) {
      const name = `${prefix}${field.name}`;
      const key = lowerCamel(field.name);
      const step = field.map ? `${name}["k"]` : field.repeated ? `${name}[0]` : name;
      const keys = [...at, key];
      if (field.type === 'string') {
        out.push({ path: step, set: (request, value) => setAt(request, keys, value, field) });
      } else if (field.resolvedType && 'fieldsArray' in field.resolvedType && left > 0 && !field.map) {
        const nested = field.resolvedType;
        walk(nested, `${step}.`, field.repeated ? [...keys, '0'] : keys, left - 1);
      }
    }
  };
  walk(type, '', [], depth);
  return out;
};

/** A deep copy of the request with the value put at the path, creating what is missing on the way. */
const setAt = (request: object, keys: readonly string[], value: string, field: protobuf.Field): object => {
  const copy = structuredClone(request) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  keys.forEach((key, i) => {
    const last = i === keys.length - 1;
    const nextIsIndex = keys[i + 1] === '0';
    if (last) {
      if (field.map) node[key] = { k: value };
      else node[key] = field.repeated ? [value] : value;
      return;
    }
    if (key === '0') {
      const list = node as unknown as unknown[];
      list[0] ??= {};
      node = list[0] as Record<string, unknown>;
      return;
    }
    const child = node[key];
    if (nextIsIndex) {
      node[key] = Array.isArray(child) && child.length > 0 ? child : [{}];
      node = node[key] as Record<string, unknown>;
    } else {
      node[key] = child && typeof child === 'object' ? child : {};
      node = node[key] as Record<string, unknown>;
    }
  });
  return copy;
};

/** Another request with the same shape whose bytes differ: the first string field changed, else a number. */
export const differentRequest = (rpc: ReflectedRpc, request: object): object => {
  const original = rpc.serializeRequest(request);
  for (const field of stringFieldsOf(rpc.requestType, 1)) {
    const changed = field.set(request, `changed-${randomUUID().slice(0, 6)}`);
    if (!rpc.serializeRequest(changed).equals(original)) return changed;
  }
  for (const field of rpc.requestType.fieldsArray) {
    if (['int32', 'int64', 'uint32', 'uint64', 'double', 'float'].includes(field.type) && !field.repeated) {
      const key = lowerCamel(field.name);
      const changed = { ...request, [key]: Number((request as Record<string, unknown>)[key] ?? 0) + 1 };
      if (!rpc.serializeRequest(changed).equals(original)) return changed;
    }
  }
  throw new Error(`${rpc.rpc}: found no field to change for a different request`);
};

/** The province, prefecture and county a division lies in (those it has). */
const chainOf = (division: string): { province?: string; prefecture?: string; county?: string } => {
  const out: { province?: string; prefecture?: string; county?: string } = {};
  for (const code of divisions.ancestorsOf(division)) {
    const level = divisions.levelOf(code);
    if (level) out[level] = code;
  }
  return out;
};

const siblingOf = (code: string): string | undefined => {
  const parent = divisions.parentOf(code);
  return parent ? divisions.childrenOf(parent).find((s) => s !== code) : undefined;
};

const OTHER_PROVINCE: Readonly<Record<string, string>> = { '110000': '630000' };

/**
 * Callers in another jurisdiction at each tier the fixture caller's division has: another province, another
 * prefecture of the same province, another county of the same prefecture, each holding its own tier's code; one
 * per role the RPC allows (each role alone), so that every role's bound is tried. An RPC bounded to the caller's
 * own objects also gets a caller of the same role and division who is someone else.
 */
export const outsidersOf = (
  caller: FixtureCaller,
  roles: readonly string[],
  own: boolean,
): { readonly tier: string; readonly caller: FixtureCaller }[] => {
  const chain = chainOf(caller.division);
  const tiers: [string, string | undefined][] = [
    ['another province', chain.province ? (OTHER_PROVINCE[chain.province] ?? '110000') : undefined],
    ['another prefecture', chain.prefecture ? siblingOf(chain.prefecture) : undefined],
    ['another county', chain.county ? siblingOf(chain.county) : undefined],
  ];
  const out: { tier: string; caller: FixtureCaller }[] = [];
  for (const role of roles.length > 0 ? roles : caller.roles) {
    for (const [tier, division] of tiers)
      if (division)
        out.push({ tier: `${role} in ${tier}`, caller: { sub: `outsider-${role}`, roles: [role], division } });
    if (own)
      out.push({
        tier: `${role}, someone else in the same division`,
        caller: { sub: `someone-else-${role}`, roles: [role], division: caller.division },
      });
  }
  return out;
};

/** Identifiers a decoded response holds: values of fields named `id` or ending in `Id`/`Ids`. */
export const identifiersIn = (value: unknown, into = new Set<string>()): Set<string> => {
  if (Array.isArray(value)) for (const item of value) identifiersIn(item, into);
  else if (value && typeof value === 'object')
    for (const [key, inner] of Object.entries(value)) {
      if (/^(id|.*Ids?)$/.test(key)) {
        for (const v of Array.isArray(inner) ? inner : [inner]) if (typeof v === 'string' && v.length >= 4) into.add(v);
      }
      identifiersIn(inner, into);
    }
  return into;
};
