import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { issueTestToken, testAuthOptions } from '@carebridge/grpc-kit/testing';
import {
  openInfrastructure,
  runService,
  type Infrastructure,
  type PublicRouteInfo,
  type RunningService,
  type ServiceRuntime,
} from '@carebridge/service-host';
import { waitUntil } from '@carebridge/service-host/testing';
import { composition } from './composition';

/**
 * One generated check over every route of every public HTTP app the suite composes: the routes come from the
 * host's own listing of each app (its express router stack, with each route's declaration), so a route added
 * anywhere is checked here, and one without a valid request below fails the test until it gets one.
 */

type Valid = { readonly path: string; readonly headers?: Record<string, string> };
type Target = { readonly service: string; readonly base: string; readonly route: PublicRouteInfo };
type Answer = { status: number; headers: Headers; body: unknown; text: string };

const BAD_TEXT: Record<string, string> = {
  'U+202E (right-to-left override)': 'a\u202Eb',
  'U+0000 (NUL)': 'a\u0000b',
  'U+200B (zero-width space)': 'a\u200Bb',
  '1 MB': 'a'.repeat(1_000_000),
};
const OTHER_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

const request = async (url: string, init: RequestInit = {}): Promise<Answer> => {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text };
};

/** Every answer, whatever its status: nosniff and a Cache-Control. */
const expectHygiene = (answer: Answer, cache = /^no-store$/) => {
  expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
  expect(answer.headers.get('cache-control')).toMatch(cache);
};

const expectError = (answer: Answer, code: number) => {
  expect(answer.status).toBe(code);
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  expect(answer.body).toMatchObject({ error: { code, message: expect.any(String) as unknown } });
  expectHygiene(answer);
};

const fieldsOf = (answer: Answer): string[] =>
  ((answer.body as { violations?: { field: string }[] } | undefined)?.violations ?? []).map((v) => v.field);

/** The valid request's URL with one parameter set to raw text (encoded as a browser would). */
const withParam = (base: string, valid: string, name: string, value: string): string => {
  const url = new URL(base + valid);
  url.searchParams.set(name, value);
  return url.toString();
};

/** The valid request's URL with a raw `key=value` appended as is. */
const withRaw = (base: string, valid: string, raw: string): string =>
  `${base}${valid}${valid.includes('?') ? '&' : '?'}${raw}`;

describe('every public HTTP route of the suite: one hygiene', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'carebridge-public-http-'));
  let infra: Infrastructure;
  const running: RunningService[] = [];
  const runtimes = new Map<string, ServiceRuntime>();
  const targets: Target[] = [];
  const valid = new Map<string, Valid>();
  const keyOf = (t: Target) => `${t.service} ${t.route.methods.join(',')} ${t.route.path}`;

  beforeAll(async () => {
    infra = await openInfrastructure({ mode: 'embedded', dataDir });
    const auth = testAuthOptions();
    for (const { name, create } of composition) {
      const runtime = await create({ ...infra.depsFor(name), auth });
      runtimes.set(name, runtime);
      // The apps with a public port, and the hotline whose demo cases feed the projections' read models.
      if (!runtime.http && name !== 'hotline') continue;
      const started = await runService(runtime, infra, {
        grpcPort: 0,
        httpPort: false,
        publicHttpPort: 0,
        auth,
        host: '127.0.0.1',
        handleSignals: false,
        graceMs: 5_000,
      });
      running.push(started);
      for (const route of started.publicRoutes)
        targets.push({ service: name, base: `http://127.0.0.1:${started.publicHttpPort}`, route });
    }
    await runtimes.get('service-catalog')?.seed?.();
    await runtimes.get('hotline')?.seed?.();

    const journeys = infra
      .depsFor('projections')
      .documents.collection<{ id: string; hotline?: { caseId: string } }>('journeys');
    let caseId = '';
    await waitUntil(
      'the projections to hold a journey of a demo hotline case',
      async () => {
        caseId = (await journeys.find({}, { limit: 10 })).items.find((j) => j.hotline)?.hotline?.caseId ?? '';
        return caseId !== '';
      },
      120_000,
    );
    const reader = {
      authorization: `Bearer ${await issueTestToken({ sub: 'province', roles: ['hotline.supervisor'], division: '630000' })}`,
    };
    const admin = {
      authorization: `Bearer ${await issueTestToken({ sub: 'ops', roles: ['projections.admin'], division: '630000' })}`,
    };
    const model = (runtimes.get('projections') as unknown as { readModels: { names: string[] } }).readModels.names[0]!;

    const catalogBase = targets.find((t) => t.service === 'service-catalog')!.base;
    const first = async (list: string) =>
      ((await request(`${catalogBase}${list}`)).body as { contents: { id: string }[] }).contents[0]!.id;
    const ids = {
      service: await first('/services?per_page=1'),
      organization: await first('/organizations?per_page=1'),
      taxonomy: await first('/taxonomies?per_page=1'),
      term: await first('/taxonomy_terms?per_page=1'),
      place: await first('/service_at_locations?per_page=1'),
    };
    const table: Record<string, Valid> = {
      'service-catalog GET /': { path: '/' },
      'service-catalog GET /services': { path: '/services?per_page=5' },
      'service-catalog GET /services/:id': { path: `/services/${ids.service}` },
      'service-catalog GET /organizations': { path: '/organizations?per_page=5' },
      'service-catalog GET /organizations/:id': { path: `/organizations/${ids.organization}` },
      'service-catalog GET /taxonomies': { path: '/taxonomies' },
      'service-catalog GET /taxonomies/:id': { path: `/taxonomies/${ids.taxonomy}` },
      'service-catalog GET /taxonomy_terms': { path: '/taxonomy_terms?per_page=5' },
      'service-catalog GET /taxonomy_terms/:id': { path: `/taxonomy_terms/${ids.term}` },
      'service-catalog GET /service_at_locations': { path: '/service_at_locations?per_page=5&full=true' },
      'service-catalog GET /service_at_locations/:id': { path: `/service_at_locations/${ids.place}` },
      'service-catalog GET /map/services.geojson': { path: '/map/services.geojson?per_page=5' },
      'projections GET /v1/journeys': { path: `/v1/journeys?case_id=${caseId}`, headers: reader },
      'projections GET /v1/dashboards/relief-fund': { path: '/v1/dashboards/relief-fund', headers: reader },
      'projections GET /v1/dashboards/hotline-cases': { path: '/v1/dashboards/hotline-cases', headers: reader },
      'projections GET /v1/dashboards/referral-conversion': {
        path: '/v1/dashboards/referral-conversion',
        headers: reader,
      },
      'projections POST /v1/admin/rebuild/:model': { path: `/v1/admin/rebuild/${model}`, headers: admin },
      'projections GET /v1/admin/lag/:model': { path: `/v1/admin/lag/${model}`, headers: admin },
    };
    for (const [key, value] of Object.entries(table)) valid.set(key, value);
  }, 300_000);

  afterAll(async () => {
    await Promise.all(running.map((r) => r.stop(5_000)));
    await infra?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds the public apps and their routes, and has a valid request for each route', () => {
    expect([...new Set(targets.map((t) => t.service))].sort()).toEqual(
      [...runtimes.entries()]
        .filter(([, r]) => r.http)
        .map(([name]) => name)
        .sort(),
    );
    expect(targets.map(keyOf).sort()).toEqual([...valid.keys()].sort());
  });

  it('answers each route’s valid request with data, its declared Cache-Control and nosniff (JSON, no HTML)', async () => {
    for (const target of targets) {
      const { path: route, headers } = valid.get(keyOf(target))!;
      const method = target.route.methods[0]!;
      const answer = await request(target.base + route, { method, ...(headers ? { headers } : {}) });
      expect({ route: keyOf(target), status: answer.status }).toEqual({ route: keyOf(target), status: 200 });
      expect(answer.headers.get('content-type')).toMatch(/^application\/(geo\+)?json/);
      expect(answer.body).toEqual(expect.any(Object));
      const list = (answer.body as { contents?: unknown[] }).contents;
      if (list) expect(list.length).toBeGreaterThan(0);
      expectHygiene(answer, target.route.declaration.cache === 'public' ? /^public, max-age=\d+$/ : /^no-store$/);
    }
  });

  it('answers every method a route does not serve with 405, Allow and the JSON error', async () => {
    for (const target of targets) {
      const { path: route, headers } = valid.get(keyOf(target))!;
      for (const method of OTHER_METHODS.filter((m) => !target.route.methods.includes(m))) {
        const answer = await request(target.base + route, { method, ...(headers ? { headers } : {}) });
        expect({ route: keyOf(target), method, status: answer.status }).toEqual({
          route: keyOf(target),
          method,
          status: 405,
        });
        expectError(answer, 405);
        const allow = (answer.headers.get('allow') ?? '').split(', ');
        for (const served of target.route.methods) expect(allow).toContain(served);
        expect(allow).not.toContain(method);
      }
    }
  });

  it('refuses an unknown, a repeated and a bracketed parameter with 400 naming it', async () => {
    for (const target of targets) {
      const { path: route, headers } = valid.get(keyOf(target))!;
      const init = { method: target.route.methods[0]!, ...(headers ? { headers } : {}) };
      const unknown = await request(withRaw(target.base, route, 'no_such_parameter=1'), init);
      expectError(unknown, 400);
      expect(fieldsOf(unknown)).toEqual(['no_such_parameter']);
      for (const name of Object.keys(target.route.declaration.query)) {
        const bracketed = await request(withRaw(target.base, route, `${name}[$ne]=x`), init);
        expect({ route: keyOf(target), name, status: bracketed.status }).toEqual({
          route: keyOf(target),
          name,
          status: 400,
        });
        expectError(bracketed, 400);
        expect(fieldsOf(bracketed)).toContain(`${name}[$ne]`);
        const repeated = await request(withRaw(target.base, route, `${name}=x&${name}=y`), init);
        expectError(repeated, 400);
        expect(fieldsOf(repeated)).toContain(name);
      }
    }
  });

  it('refuses a bidi override, NUL, a zero-width space and a 1 MB value in every parameter, naming it', async () => {
    let checked = 0;
    for (const target of targets) {
      const { path: route, headers } = valid.get(keyOf(target))!;
      const init = { method: target.route.methods[0]!, ...(headers ? { headers } : {}) };
      for (const [name, kind] of Object.entries(target.route.declaration.query))
        for (const [what, value] of Object.entries(BAD_TEXT)) {
          const answer = await request(withParam(target.base, route, name, value), init);
          expect({ route: keyOf(target), name, kind: kind.kind, what, status: answer.status }).toEqual({
            route: keyOf(target),
            name,
            kind: kind.kind,
            what,
            status: 400,
          });
          expectError(answer, 400);
          // A proximity parameter alone also names the others it needs; the bad one is always named.
          expect(fieldsOf(answer)).toContain(name);
          checked += 1;
        }
    }
    // The text parameters among them: the catalog's search, the dashboards' ids and divisions.
    const textParams = targets.flatMap((t) =>
      Object.values(t.route.declaration.query).filter((k) => k.kind === 'text'),
    );
    expect(textParams.length).toBeGreaterThan(0);
    expect(checked).toBeGreaterThan(textParams.length);
  });

  it('answers an unknown path with the JSON 404 on every app', async () => {
    for (const base of new Set(targets.map((t) => t.base)))
      for (const unknown of ['/no/such/path', '/v1/no-such-path', '/services.php']) {
        expectError(await request(base + unknown), 404);
        expectError(await request(base + unknown, { method: 'POST' }), 404);
      }
  });
});
