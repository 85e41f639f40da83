import { generateDeqingDemo, type DemoDataSet } from '../demo/deqingDemoData';
import { loadDeqingDemo } from '../demo/loadDeqingDemo';
import { createHsdsValidator, type HsdsSchema } from '../testing/hsdsValidator';
import { serve } from '../testing/httpServer';
import { openCatalog, type EngineKind } from '../testing/realEngines';

jest.setTimeout(900_000);

/** The first n organisations of the demo with their items. */
const firstOrganizations = (n: number): DemoDataSet => {
  const full = generateDeqingDemo();
  const codes = new Set(full.organizations.slice(0, n).map((o) => o.creditCode));
  return {
    ...full,
    organizations: full.organizations.slice(0, n),
    items: full.items.filter((i) => codes.has(i.creditCode)),
  };
};

type Page = { total_items: number; total_pages: number; page_number: number; contents: Record<string, unknown>[] };

/**
 * Every record of the Deqing demo, through every HSDS endpoint, against the HSDS 3.0 JSON Schemas of the
 * specification repository (test-fixtures/hsds), on both engines.
 */
describe.each<[EngineKind]>([['sqlite'], ['mongodb']])('HSDS 3.0 endpoints on the real %s engine', (kind) => {
  const validate = createHsdsValidator();
  let world: Awaited<ReturnType<typeof openCatalog>>;
  let http: Awaited<ReturnType<typeof serve>>;
  let loaded: { organizations: number; items: number };

  beforeAll(async () => {
    world = await openCatalog(kind);
    loaded = await loadDeqingDemo(world.service, { data: generateDeqingDemo() });
    http = await serve(world.service.publicApp());
  });
  afterAll(async () => {
    await http?.close();
    await world?.close();
  });

  const errorsOf: string[] = [];
  const check = (schema: HsdsSchema, value: unknown) => errorsOf.push(...validate(schema, value));

  const walk = async (path: string, itemSchema: HsdsSchema): Promise<Record<string, unknown>[]> => {
    const all: Record<string, unknown>[] = [];
    for (let page = 1; ; page++) {
      const { status, body } = await http.get<Page>(
        `${path}${path.includes('?') ? '&' : '?'}page=${page}&per_page=200`,
      );
      expect(status).toBe(200);
      check('page', body);
      for (const item of body.contents) check(itemSchema, item);
      all.push(...body.contents);
      if (page >= body.total_pages) break;
    }
    return all;
  };

  it('loads the demo: the first run writes it, a second run writes nothing new', async () => {
    expect(loaded).toEqual({ organizations: 222, items: 928 });
    const before = (await world.eventStore.readAll({ after: 0, limit: 100_000 })).commits.length;
    await loadDeqingDemo(world.service, { data: firstOrganizations(3) });
    expect((await world.eventStore.readAll({ after: 0, limit: 100_000 })).commits.length).toBe(before);
  });

  it('every service, organisation, service_at_location, taxonomy and term validates, in lists and in full', async () => {
    const services = await walk('/services', 'service_list');
    expect(services).toHaveLength(loaded.items);
    for (const s of services) check('service', (await http.get(`/services/${String(s.id)}`)).body);

    const orgs = await walk('/organizations', 'organization_list');
    expect(orgs).toHaveLength(loaded.organizations);
    for (const o of orgs) check('organization', (await http.get(`/organizations/${String(o.id)}`)).body);

    const places = await walk('/service_at_locations', 'service_at_location_list');
    expect(places.length).toBeGreaterThanOrEqual(loaded.items);
    for (const p of places)
      check('service_at_location', (await http.get(`/service_at_locations/${String(p.id)}`)).body);
    for (const p of (await walk('/service_at_locations?full=true', 'service_at_location')).slice(0, 50))
      expect(p.schedules).toBeDefined();

    const taxonomies = await walk('/taxonomies', 'taxonomy');
    expect(taxonomies).toHaveLength(1);
    check('taxonomy', (await http.get(`/taxonomies/${String(taxonomies[0]!.id)}`)).body);
    const terms = await walk('/taxonomy_terms', 'taxonomy_term');
    expect(terms.map((t) => t.code)).toEqual([
      'education',
      'culture',
      'sport',
      'economy',
      'health',
      'religion',
      'social_services',
      'scientific_research',
      'community_services',
      'other',
    ]);
    for (const t of terms) check('taxonomy_term', (await http.get(`/taxonomy_terms/${String(t.id)}`)).body);

    expect(errorsOf.slice(0, 20)).toEqual([]);
  });

  it('the validator does catch a record that breaks HSDS', async () => {
    const { body } = await http.get<Page>('/services?per_page=1');
    const broken = { ...body.contents[0], id: 'not-a-uuid', status: 'open' };
    expect(validate('service_list', broken).join('\n')).toMatch(
      /id must match format "uuid"[\s\S]*status must be equal to one of the allowed values/,
    );
    expect(validate('page', { ...body, total_items: '928' })).not.toEqual([]);
  });

  it('the community map is a GeoJSON FeatureCollection of published places', async () => {
    const { status, body, contentType } = await http.get<{
      type: string;
      features: { type: string; geometry: { type: string; coordinates: number[] } }[];
      total_items: number;
    }>('/map/services.geojson?per_page=500');
    expect(status).toBe(200);
    expect(contentType).toMatch(/application\/geo\+json/);
    expect(body.type).toBe('FeatureCollection');
    expect(body.features.length).toBe(Math.min(500, body.total_items));
    for (const f of body.features) {
      expect(f.type).toBe('Feature');
      expect(f.geometry.type).toBe('Point');
      const [lng, lat] = f.geometry.coordinates as [number, number];
      expect(lng).toBeGreaterThan(119.7);
      expect(lng).toBeLessThan(120.3);
      expect(lat).toBeGreaterThan(30.3);
      expect(lat).toBeLessThan(30.8);
    }
  });
});
