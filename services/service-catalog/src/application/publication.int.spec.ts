import { DomainRuleError } from '@carebridge/decider';
import { eventRegistry, isSealedValue } from '@carebridge/event-schema';
import { serve } from '../testing/httpServer';
import { openCatalog, type EngineKind } from '../testing/realEngines';
import { item, key, officer, publishItem, registerOrganization, resident } from '../testing/scenario';
import { requestIdOfReferral } from './publicDocuments';

jest.setTimeout(300_000);

type Page = { total_items: number; contents: { id: string; assured_date?: string }[] };

describe.each<EngineKind>(['sqlite', 'mongodb'])('publication workflow on the real %s engine', (kind) => {
  let world: Awaited<ReturnType<typeof openCatalog>>;
  let http: Awaited<ReturnType<typeof serve>>;
  let org: Awaited<ReturnType<typeof registerOrganization>>;

  beforeAll(async () => {
    world = await openCatalog(kind);
    http = await serve(world.service.publicApp());
    org = await registerOrganization(world.service, '51330521MJ1000001', '德清县武康街道邻里互助协会');
  });
  afterAll(async () => {
    await http?.close();
    await world?.close();
  });

  const publicIds = async () => {
    const services = (await http.get<Page>('/services?per_page=500')).body.contents.map((s) => s.id);
    const places = (
      await http.get<{ contents: { service_id: string }[] }>('/service_at_locations?per_page=500')
    ).body.contents.map((p) => p.service_id);
    const map = (
      await http.get<{ features: { properties: { service_id: string } }[] }>('/map/services.geojson?per_page=500')
    ).body.features.map((f) => f.properties.service_id);
    return { services, places, map };
  };

  it('only published items appear publicly; withdrawal removes them at once', async () => {
    const draft = await publishItem(world.service, org, item({ title: { zh: '草稿项目' } }), 'draft');
    const submitted = await publishItem(world.service, org, item({ title: { zh: '待审核项目' } }), 'submitted');
    const published = await publishItem(world.service, org, item({ title: { zh: '已发布项目' } }));

    const before = await publicIds();
    for (const list of Object.values(before)) expect(list).toEqual([published]);
    expect((await http.get(`/services/${draft}`)).status).toBe(404);
    expect((await http.get(`/services/${submitted}`)).status).toBe(404);
    expect((await http.get(`/services/${published}`)).status).toBe(200);

    await world.service.items.step(published, 'withdraw', '负责人调整，暂停服务', org.staff, {
      commandId: key('withdraw'),
    });
    // No wait, no polling: the very next read no longer shows it.
    const after = await publicIds();
    for (const list of Object.values(after)) expect(list).toEqual([]);
    expect((await http.get(`/services/${published}`)).status).toBe(404);
    expect(await world.service.models.publicServices.count({})).toBe(0);
    expect(await world.service.models.publicLocations.count({})).toBe(0);

    // Revised and reviewed again, it comes back.
    await world.service.items.revise(published, item({ title: { zh: '已发布项目（调整后）' } }), org.staff, {
      commandId: key('revise'),
    });
    await world.service.items.step(published, 'submit', '', org.staff, { commandId: key('resubmit') });
    expect((await publicIds()).services).toEqual([]);
    await world.service.items.step(published, 'publish', '', officer, { commandId: key('republish') });
    expect((await publicIds()).services).toEqual([published]);
    await world.service.items.step(published, 'retire', '项目结束', officer, { commandId: key('retire-cleanup') });
  });

  it('a retired item cannot be requested, and a referral for it is declined back', async () => {
    const serviceId = await publishItem(world.service, org, item({ title: { zh: '将退出的项目' } }));
    await world.service.items.step(serviceId, 'retire', '项目结束', org.staff, { commandId: key('retire') });
    expect((await http.get(`/services/${serviceId}`)).status).toBe(404);

    const asking = world.service.requests.request(
      serviceId,
      { name: '李奶奶', division: '330521', isChild: false },
      undefined,
      resident,
      { commandId: key('request') },
    );
    await expect(asking).rejects.toThrow(DomainRuleError);
    await expect(asking).rejects.toThrow(/retired/);
    expect(await world.service.models.requests.count({ serviceId })).toBe(0);

    const referral = {
      referralId: `ref-${key('r')}`,
      from: { programme: 'hotline', caseId: 'case-1', division: '330521' },
      to: 'catalog',
      request: { kind: 'catalog_service', serviceId },
      person: { personRef: 'p-child-1', name: '小明', division: '330521', isChild: true },
      requestedAt: '2020-08-01T02:00:00.000Z',
    };
    expect(await world.service.consumers.referrals.handle({ type: 'referral.Requested', data: referral })).toBe(
      'declined',
    );
    const events = await world.eventStore.readStream(`catalog-request-${requestIdOfReferral(referral.referralId)}`);
    expect(events.map((e) => [e.type, e.data.outcome, e.data.detail])).toEqual([
      ['referral.OutcomeReported', 'declined', 'the service item is retired'],
    ]);
    expect(await world.service.consumers.referrals.handle({ type: 'referral.Requested', data: referral })).toBe(
      'duplicate',
    );
  });

  it('a referral becomes a request; accept and complete report back and refresh "last confirmed in use"', async () => {
    const serviceId = await publishItem(
      world.service,
      org,
      item({ title: { zh: '儿童心理辅导' }, category: 'health' }),
    );
    const referral = {
      referralId: `ref-${key('r')}`,
      from: { programme: 'hotline', caseId: 'case-2', division: '330521' },
      to: 'catalog',
      request: { kind: 'catalog_service', serviceId, note: '孩子家中失火后情绪低落' },
      person: { personRef: 'p-child-2', name: '小红', phone: '13700000000', division: '330521', isChild: true },
      requestedAt: '2020-08-01T02:00:00.000Z',
    };
    expect(await world.service.consumers.referrals.handle({ type: 'referral.Requested', data: referral })).toBe(
      'requested',
    );
    const requestId = requestIdOfReferral(referral.referralId);

    // The child's name, phone and the note are sealed in the log.
    const stored = await world.eventStore.readStream(`catalog-request-${requestId}`);
    const requested = stored.find((e) => e.type === 'catalog.ServiceRequested')!;
    const requester = requested.data.requester as Record<string, unknown>;
    expect(isSealedValue(requester.name)).toBe(true);
    expect(isSealedValue(requester.phone)).toBe(true);
    expect(isSealedValue(requested.data.note)).toBe(true);
    expect(JSON.stringify(stored)).not.toContain('小红');
    expect(eventRegistry.validate('catalog.ServiceRequested', requested.data)).toEqual([]);

    world.clock.advanceMinutes(60);
    await world.service.requests.answer(requestId, 'accept', '', org.staff, { commandId: key('accept') });
    world.clock.advanceMinutes(60 * 24);
    await world.service.requests.answer(requestId, 'complete', '已完成三次辅导', org.staff, {
      commandId: key('complete'),
    });

    const outcomes = (await world.eventStore.readStream(`catalog-request-${requestId}`))
      .filter((e) => e.type === 'referral.OutcomeReported')
      .map((e) => e.data.outcome);
    expect(outcomes).toEqual(['received', 'accepted', 'completed']);
    const view = await world.service.requests.get(requestId, org.staff);
    expect(view).toMatchObject({
      status: 'completed',
      sourceKind: 'referral',
      requester: { name: '小红', phone: '13700000000' },
      note: '孩子家中失火后情绪低落',
    });
    const confirmed = (await world.service.items.get(serviceId, org.staff)).lastConfirmedInUse;
    expect(confirmed).toBe(world.clock.now().toISOString());
    expect((await http.get<{ assured_date?: string }>(`/services/${serviceId}`)).body.assured_date).toBe(
      confirmed!.slice(0, 10),
    );
  });

  it('a deregistered organisation leaves the public list and its items cannot be requested', async () => {
    const other = await registerOrganization(world.service, '52330521MJ1000002', '德清县新市镇养老服务中心');
    const serviceId = await publishItem(world.service, other, item({ title: { zh: '助餐服务' } }));
    expect((await http.get(`/organizations/${other.organizationId}`)).status).toBe(200);
    await world.service.organizations.deregister(other.organizationId, '注销登记', officer, {
      commandId: key('deregister'),
    });
    expect((await http.get(`/organizations/${other.organizationId}`)).status).toBe(404);
    expect((await http.get(`/services/${serviceId}`)).status).toBe(404);
    await expect(
      world.service.requests.request(
        serviceId,
        { name: '王大伯', division: '330521', isChild: false },
        undefined,
        resident,
        { commandId: key('req') },
      ),
    ).rejects.toThrow(/left the catalog/);
  });
});
