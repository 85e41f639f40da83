import { categories } from '../domain/categories';
import { serve } from '../testing/httpServer';
import { openCatalog, type EngineKind } from '../testing/realEngines';
import { at, item, publishItem, registerOrganization, WUKANG, XINSHI } from '../testing/scenario';

jest.setTimeout(300_000);

const term = (code: string) => categories.find((c) => c.code === code)!.termId;
// Two places in Deqing about 15 km apart (武康 and 新市), and one a few hundred metres from the first.
const WUKANG_CENTRE = { lat: 30.545, lng: 119.96 };
const NEAR_WUKANG = at(30.548, 119.963, '武康社区服务站', '7b0c0c1e-0000-4000-8000-000000000001');
const IN_WUKANG = at(30.545, 119.96, '武康街道社会组织服务中心', '7b0c0c1e-0000-4000-8000-000000000002');
const IN_XINSHI = at(30.62, 120.11, '新市镇文化礼堂', '7b0c0c1e-0000-4000-8000-000000000003');

type Page = {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: { id: string; service_id?: string; name?: string }[];
};

describe.each<EngineKind>(['sqlite', 'mongodb'])('search on the real %s engine', (kind) => {
  let world: Awaited<ReturnType<typeof openCatalog>>;
  let http: Awaited<ReturnType<typeof serve>>;
  const ids: Record<string, string> = {};
  let wukangOrg = '';
  let modifiedBetween = '';

  beforeAll(async () => {
    world = await openCatalog(kind);
    http = await serve(world.service.publicApp());
    const wukang = await registerOrganization(world.service, '51330521MJ2000001', '德清县武康街道邻里互助协会');
    const xinshi = await registerOrganization(world.service, '51330521MJ2000002', '德清县新市镇青少年教育促进会', [
      XINSHI,
    ]);
    wukangOrg = wukang.organizationId;
    ids.visits = await publishItem(
      world.service,
      wukang,
      item({
        category: 'community_services',
        title: { zh: '独居老人上门探访', en: 'Home visits to older people living alone' },
        locations: [IN_WUKANG],
      }),
    );
    ids.clinic = await publishItem(
      world.service,
      wukang,
      item({
        category: 'health',
        title: { zh: '社区义诊', en: 'Free community clinic' },
        description: {
          zh: '测血压血糖，上门探访行动不便的老人',
          en: 'Blood pressure checks; home visits for those who cannot come',
        },
        locations: [NEAR_WUKANG],
      }),
    );
    world.clock.advanceMinutes(60);
    modifiedBetween = world.clock.now().toISOString();
    world.clock.advanceMinutes(60);
    ids.tutoring = await publishItem(
      world.service,
      xinshi,
      item({
        category: 'education',
        title: { zh: '四点半课堂', en: 'After-school homework club' },
        description: { zh: '放学后作业辅导', en: 'Homework help after school' },
        eligibility: { minAge: 6, maxAge: 12, situations: [] },
        coverage: { towns: [XINSHI], communities: [] },
        locations: [IN_XINSHI],
      }),
    );
    ids.xinshiVisits = await publishItem(
      world.service,
      xinshi,
      item({
        category: 'community_services',
        title: { zh: '老人探访', en: 'Visiting older people' },
        description: { zh: '志愿者陪伴老人聊天', en: 'Volunteers keep older people company' },
        coverage: { towns: [XINSHI], communities: [] },
        locations: [IN_XINSHI],
      }),
    );
    ids.hidden = await publishItem(
      world.service,
      wukang,
      item({ title: { zh: '上门探访（草稿）', en: 'Home visits draft' } }),
      'submitted',
    );
  });
  afterAll(async () => {
    await http?.close();
    await world?.close();
  });

  const found = async (query: string, path = '/services') => {
    const { status, body } = await http.get<Page>(`${path}?${query}`);
    expect(status).toBe(200);
    return body.contents.map((c) => c.service_id ?? c.id).sort();
  };
  const sorted = (...names: string[]) => names.map((n) => ids[n]!).sort();

  it('finds Chinese text anywhere in the item, and never an unpublished one', async () => {
    expect(await found(`search=${encodeURIComponent('探访')}`)).toEqual(sorted('visits', 'clinic', 'xinshiVisits'));
    expect(await found(`search=${encodeURIComponent('四点半')}`)).toEqual(sorted('tutoring'));
    expect(await found(`search=${encodeURIComponent('邻里互助协会')}`)).toEqual(sorted('visits', 'clinic'));
  });

  it('finds English text, case-insensitively, every word required', async () => {
    expect(await found('search=HOME+VISITS')).toEqual(sorted('visits', 'clinic'));
    expect(await found('search=homework')).toEqual(sorted('tutoring'));
    expect(await found('search=home+visits+older')).toEqual(sorted('visits'));
    expect(await found('search=Education')).toEqual(sorted('tutoring'));
  });

  it('filters by category (taxonomy term), area, organisation and modified_after', async () => {
    expect(await found(`taxonomy_term_id=${term('community_services')}`)).toEqual(sorted('visits', 'xinshiVisits'));
    expect(await found(`area=${XINSHI}`)).toEqual(sorted('tutoring', 'xinshiVisits'));
    expect(await found(`area=${WUKANG}`)).toEqual(sorted('visits', 'clinic'));
    expect(await found('area=330521')).toEqual(sorted('visits', 'clinic', 'tutoring', 'xinshiVisits'));
    expect(await found('area=330522')).toEqual([]);
    expect(await found(`organization_id=${wukangOrg}`)).toEqual(sorted('visits', 'clinic'));
    expect(await found(`modified_after=${encodeURIComponent(modifiedBetween)}`)).toEqual(
      sorted('tutoring', 'xinshiVisits'),
    );
  });

  it('filters by proximity, nearest first', async () => {
    expect(await found(`lat=${WUKANG_CENTRE.lat}&lng=${WUKANG_CENTRE.lng}&radius_km=2`)).toEqual(
      sorted('visits', 'clinic'),
    );
    expect(await found(`lat=${WUKANG_CENTRE.lat}&lng=${WUKANG_CENTRE.lng}&radius_km=0.1`)).toEqual(sorted('visits'));
    expect(await found(`lat=${WUKANG_CENTRE.lat}&lng=${WUKANG_CENTRE.lng}&proximity=30000`)).toEqual(
      sorted('visits', 'clinic', 'tutoring', 'xinshiVisits'),
    );
    const { body } = await http.get<Page>(
      `/service_at_locations?lat=${NEAR_WUKANG.latitude}&lng=${NEAR_WUKANG.longitude}&radius_km=30`,
    );
    expect(body.contents[0]!.service_id).toBe(ids.clinic);
  });

  it('combines every filter cumulatively', async () => {
    const near = `lat=${WUKANG_CENTRE.lat}&lng=${WUKANG_CENTRE.lng}&radius_km=30`;
    expect(
      await found(
        `${near}&search=${encodeURIComponent('探访')}&taxonomy_term_id=${term('community_services')}&area=${XINSHI}`,
      ),
    ).toEqual(sorted('xinshiVisits'));
    expect(await found(`${near}&search=visits&taxonomy_term_id=${term('health')}&area=${WUKANG}`)).toEqual(
      sorted('clinic'),
    );
    expect(await found(`search=visits&taxonomy_term_id=${term('education')}`)).toEqual([]);
    expect(await found(`lat=${WUKANG_CENTRE.lat}&lng=${WUKANG_CENTRE.lng}&radius_km=2&area=${XINSHI}`)).toEqual([]);
    expect(
      await found(
        `search=${encodeURIComponent('探访')}&taxonomy_term_id=${term('community_services')}&area=${WUKANG}`,
        '/service_at_locations',
      ),
    ).toEqual(sorted('visits'));
    const map = await http.get<{ features: { properties: { service_id: string } }[] }>(
      `/map/services.geojson?${near}&taxonomy_term_id=${term('community_services')}`,
    );
    expect(map.body.features.map((f) => f.properties.service_id).sort()).toEqual(sorted('visits', 'xinshiVisits'));
  });

  it('pages with the HSDS envelope', async () => {
    const first = (await http.get<Page>('/services?per_page=3&page=1')).body;
    const second = (await http.get<Page>('/services?per_page=3&page=2')).body;
    expect(first).toMatchObject({
      total_items: 4,
      total_pages: 2,
      page_number: 1,
      size: 3,
      first_page: true,
      last_page: false,
      empty: false,
    });
    expect(second).toMatchObject({
      total_items: 4,
      total_pages: 2,
      page_number: 2,
      size: 1,
      first_page: false,
      last_page: true,
      empty: false,
    });
    expect(new Set([...first.contents, ...second.contents].map((c) => c.id)).size).toBe(4);
    expect((await http.get<Page>('/services?per_page=3&page=3')).body).toMatchObject({
      size: 0,
      empty: true,
      contents: [],
    });
  });

  it('names every bad filter', async () => {
    const { status, body } = await http.get<{ violations: { field: string }[] }>(
      '/services?lat=91&lng=abc&taxonomy_term_id=nope&area=33&per_page=0&modified_after=yesterday',
    );
    expect(status).toBe(400);
    expect([...new Set(body.violations.map((v) => v.field))].sort()).toEqual([
      'area',
      'lat',
      'lng',
      'modified_after',
      'per_page',
      'radius_km',
      'taxonomy_term_id',
    ]);
  });
});
