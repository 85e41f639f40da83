// Generated matrices over EVERY RPC of every composed service, listed by reflection: a new RPC is covered
// without editing this file, and the guard fails until its .proto declares its policy and it has a fixture.
// While working on one service, MATRIX_SERVICE=<name> narrows the rows to its RPCs (the guard and the row
// counts then fail on purpose: the whole matrix is what counts).
import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import type { RoleRule } from '@carebridge/grpc-kit';
import { suiteFixtures } from '../testing/suiteFixtures';
import {
  callRaw,
  closeRawClients,
  commitsOfKey,
  differentRequest,
  fixtureApi,
  fixtureOf,
  holdsData,
  identifiersIn,
  outsidersOf,
  stringFieldsOf,
} from '../testing/matrixTools';
import { reflectSuite, type ReflectedRpc } from '../testing/reflectedRpcs';
import { startSuite, type Engine, type RunningSuite } from '../testing/suiteOnEngines';

/** What refuses a text field wherever it is. */
const BAD_TEXT: readonly (readonly [string, string])[] = [
  ['1 MB', 'x'.repeat(1 << 20)],
  ['U+202E', 'a\u202eb'],
  ['U+0000', 'a\u0000b'],
  ['U+200B', 'a\u200bb'],
];
// Lone surrogates are not here: protobuf strings are UTF-8 on the wire, which cannot carry one (a decoder turns
// it into U+FFFD). checkText refuses them where text arrives as UTF-16 (textHygiene.unit.spec.ts).

const engines: readonly Engine[] = ['embedded', 'real'];

describe.each(engines)('every RPC of the suite on the %s engines', (engine) => {
  let suite: RunningSuite;
  let rpcs: ReflectedRpc[];

  beforeAll(async () => {
    suite = await startSuite(engine);
    const only = process.env.MATRIX_SERVICE;
    rpcs = (await reflectSuite(suite)).filter((r) => !only || r.service.name === only);
  }, 300_000);
  afterAll(async () => {
    closeRawClients();
    await suite?.stop();
  });

  it('lists every service by reflection, and each RPC declares its policy and has a fixture', () => {
    expect(suite.services.map((s) => s.name).sort()).toEqual(
      ['hotline', 'projections', 'relief-intake', 'service-catalog', 'volunteer-dispatch'].sort(),
    );
    expect(rpcs.length).toBeGreaterThan(70);
    const undeclared = rpcs.filter((r) => !r.policy).map((r) => `${r.rpc}: ${r.policyError}`);
    const withoutFixture = rpcs.filter((r) => !fixtureOf(suiteFixtures, r)).map((r) => r.rpc);
    const staleFixtures = suiteFixtures.flatMap((f) =>
      Object.keys(f.rpcs)
        .map((m) => `${f.service}/${m}`)
        .filter((rpc) => !rpcs.some((r) => r.rpc === rpc)),
    );
    expect({ undeclared, withoutFixture, staleFixtures }).toEqual({
      undeclared: [],
      withoutFixture: [],
      staleFixtures: [],
    });
  });

  it('answers every RPC with data when called as its fixture says (the positive control of every matrix)', async () => {
    const api = fixtureApi(suite);
    const failures: string[] = [];
    for (const rpc of rpcs) {
      const fixture = fixtureOf(suiteFixtures, rpc);
      if (!fixture) continue;
      try {
        const request = await fixture.request(api);
        const response: unknown = await suite.call(rpc.rpc, request, fixture.caller);
        if (!holdsData(response)) failures.push(`${rpc.rpc}: answered without data`);
      } catch (error) {
        failures.push(`${rpc.rpc}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('gives every write one effect per key: a retry gets the first bytes, another body INVALID_ARGUMENT, twenty in parallel one effect', async () => {
    const api = fixtureApi(suite);
    const failures: string[] = [];
    for (const rpc of rpcs.filter((r) => r.policy?.writes)) {
      const fixture = fixtureOf(suiteFixtures, rpc);
      if (!fixture) continue;
      const fail = (what: string): void => void failures.push(`${rpc.rpc}: ${what}`);
      try {
        const key = randomUUID();
        const request = await fixture.request(api);
        const first = await callRaw(rpc, request, fixture.caller, key);
        if (!first.ok) {
          fail(`the fixture call failed: ${status[first.code]} ${first.message}`);
          continue;
        }
        const effect = await commitsOfKey(suite, rpc, fixture.caller, key);
        const retry = await callRaw(rpc, request, fixture.caller, key);
        if (!retry.ok || !retry.bytes.equals(first.bytes))
          fail('a retry with the same key and body did not get the first bytes');
        if ((await commitsOfKey(suite, rpc, fixture.caller, key)) !== effect) fail('a retry wrote again');

        const other = await callRaw(rpc, differentRequest(rpc, request), fixture.caller, key);
        if (other.ok || other.code !== status.INVALID_ARGUMENT || !other.fields.includes('idempotency_key'))
          fail(
            `the same key with another body gave ${other.ok ? 'OK' : `${status[other.code]} ${other.fields.join(',')}`}`,
          );
        if ((await commitsOfKey(suite, rpc, fixture.caller, key)) !== effect) fail('another body with the key wrote');

        const burstKey = randomUUID();
        const burstRequest = await fixture.request(api);
        const burst = await Promise.all(
          Array.from({ length: 20 }, () => callRaw(rpc, burstRequest, fixture.caller, burstKey)),
        );
        const firstOfBurst = burst[0]!;
        if (!firstOfBurst.ok) fail(`the parallel calls failed: ${status[firstOfBurst.code]} ${firstOfBurst.message}`);
        else if (!burst.every((b) => b.ok && b.bytes.equals(firstOfBurst.bytes)))
          fail('twenty parallel calls did not get twenty identical responses');
        const burstEffect = await commitsOfKey(suite, rpc, fixture.caller, burstKey);
        if (burstEffect !== effect)
          fail(`twenty parallel calls wrote ${burstEffect} commits where one call wrote ${effect}`);
      } catch (error) {
        fail((error as Error).message);
      }
    }
    expect(failures).toEqual([]);
  }, 900_000);

  it('refuses bad text in every string field of every write with INVALID_ARGUMENT naming the field, and stores nothing', async () => {
    const api = fixtureApi(suite);
    const failures: string[] = [];
    let cells = 0;
    for (const rpc of rpcs.filter((r) => r.policy?.writes)) {
      const fixture = fixtureOf(suiteFixtures, rpc);
      if (!fixture) continue;
      const request = await fixture.request(api).catch((e: Error) => e);
      if (request instanceof Error) {
        failures.push(`${rpc.rpc}: the fixture failed: ${request.message}`);
        continue;
      }
      for (const field of stringFieldsOf(rpc.requestType)) {
        for (const [what, value] of BAD_TEXT) {
          cells += 1;
          const key = randomUUID();
          const outcome = await callRaw(rpc, field.set(request, value), fixture.caller, key);
          const named = !outcome.ok && outcome.code === status.INVALID_ARGUMENT && outcome.fields.includes(field.path);
          if (!named)
            failures.push(
              `${rpc.rpc} ${field.path} with ${what}: ${outcome.ok ? 'OK' : `${status[outcome.code]} [${outcome.fields.join(', ')}]`}`,
            );
          if ((await commitsOfKey(suite, rpc, fixture.caller, key)) !== 0)
            failures.push(`${rpc.rpc} ${field.path} with ${what}: stored a commit`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(cells).toBeGreaterThan(100);
  }, 900_000);

  it('refuses every RPC to a wrong role, and to the right role in another province, prefecture and county', async () => {
    const api = fixtureApi(suite);
    const failures: string[] = [];
    const listed = (rule: RoleRule | undefined): readonly string[] =>
      rule === undefined || typeof rule === 'string' ? [] : rule;
    const allRoles = [...new Set(rpcs.flatMap((r) => listed(r.policy?.roles)))];
    let cells = 0;
    for (const rpc of rpcs) {
      const fixture = fixtureOf(suiteFixtures, rpc);
      const policy = rpc.policy;
      if (!fixture || !policy) continue;
      const fail = (what: string): void => void failures.push(`${rpc.rpc}: ${what}`);
      try {
        const request = await fixture.request(api);
        const strangers: { label: string; caller: typeof fixture.caller }[] = [];
        if (typeof policy.roles !== 'string') {
          const allowed = listed(policy.roles);
          const wrong = allRoles.find((r) => !allowed.includes(r));
          if (wrong)
            strangers.push({
              label: `role ${wrong}`,
              caller: { ...fixture.caller, sub: 'wrong-role', roles: [wrong] },
            });
        }
        if (policy.jurisdiction !== 'none')
          for (const outsider of outsidersOf(fixture.caller, listed(policy.roles), policy.jurisdiction === 'own'))
            strangers.push({ label: outsider.tier, caller: outsider.caller });
        // Strangers first: a write they could make would change what the positive control then finds.
        const seen: { label: string; bytes: Buffer }[] = [];
        for (const stranger of strangers) {
          cells += 1;
          const key = randomUUID();
          const outcome = await callRaw(rpc, request, stranger.caller, key);
          if (outcome.ok) {
            if (policy.writes) fail(`${stranger.label} could write`);
            else seen.push({ label: stranger.label, bytes: outcome.bytes });
          } else if (outcome.code !== status.PERMISSION_DENIED) {
            fail(`${stranger.label} got ${status[outcome.code]} (${outcome.message}), not PERMISSION_DENIED`);
          }
          if (policy.writes && (await commitsOfKey(suite, rpc, stranger.caller, key)) !== 0)
            fail(`${stranger.label} stored a commit`);
        }
        // The positive control of the row: the fixture's caller gets data with the same request.
        const own = await callRaw(rpc, request, fixture.caller, randomUUID());
        if (!own.ok) {
          fail(`the fixture caller was refused: ${status[own.code]} ${own.message}`);
          continue;
        }
        const decode = rpc.decodeResponse;
        const ownResponse = decode(own.bytes);
        if (!holdsData(ownResponse)) fail('the fixture caller got no data');
        const ownIds = identifiersIn(ownResponse);
        for (const { label, bytes } of seen) {
          const leaked = [...identifiersIn(decode(bytes))].filter((id) => ownIds.has(id));
          if (leaked.length > 0)
            fail(`${label} was answered with ${leaked.length} identifier(s) of another jurisdiction`);
        }
      } catch (error) {
        fail((error as Error).message);
      }
    }
    expect(failures).toEqual([]);
    expect(cells).toBeGreaterThan(150);
  }, 900_000);
});
