import type { FixtureApi, FixtureCaller, RpcFixtures } from '@carebridge/grpc-kit/testing';
import { creditCodeCheckCharacter } from '../domain/creditCode';

/**
 * A valid call for every RPC of carebridge.catalog.v1.ServiceCatalog, for the suite's generated matrices: each
 * builder registers its own organisation in 德清县 (Huzhou) — with the fixture staff account among its staff —
 * and takes its own item and request through the steps the RPC needs first.
 */

const SERVICE = 'carebridge.catalog.v1.ServiceCatalog';
const rpc = (method: string): string => `${SERVICE}/${method}`;

const DEQING = '330521';
const WUKANG = '330521001'; // 武康街道

const officer: FixtureCaller = { sub: 'fixture-officer-deqing', roles: ['catalog.officer'], division: DEQING };
/** Listed as staff by every organisation registered here: acts for each of them. */
const staff: FixtureCaller = { sub: 'fixture-staff-deqing', roles: ['catalog.org_staff'], division: DEQING };
const resident: FixtureCaller = { sub: 'fixture-resident-deqing', roles: ['catalog.resident'], division: DEQING };
const agency: FixtureCaller = { sub: 'fixture-agency-deqing', roles: ['catalog.agency'], division: DEQING };
/** The deployment's data-protection officer (not bounded by division). */
const privacyOfficer: FixtureCaller = { sub: 'dpo-fixture', roles: ['privacy.officer'], division: '110000' };

/** A unified social credit code (GB 32100) registered in Deqing that nobody else in this run has. */
const freshCreditCode = (api: FixtureApi): string => {
  const first17 = `51${DEQING}MJ${api.uniqueDigits(7)}`;
  return first17 + creditCodeCheckCharacter(first17)!;
};

const registrationRequest = (api: FixtureApi) => ({
  creditCode: freshCreditCode(api),
  county: DEQING,
  profile: {
    name: '德清县武康街道邻里互助协会',
    nameEn: 'Wukang Neighbourhood Mutual Aid Association',
    registrationAuthority: '德清县民政局',
    charterScope: '邻里互助、助老服务',
    serviceTowns: [WUKANG],
    contact: { phone: '0572-8000000' },
    staff: [staff.sub],
  },
});

/** A valid service item as a DraftServiceItem request carries it (wire shape), for every test that drafts one. */
export const validItem = {
  category: 'community_services',
  title: { zh: '独居老人上门探访', en: 'Home visits to older people living alone' },
  description: { zh: '志愿者每周上门探访', en: 'Weekly visits by volunteers' },
  eligibility: { minAge: 70, situations: ['独居'] },
  coverage: { towns: [WUKANG], communities: [] },
  locations: [{ name: '武康街道社会组织服务中心', latitude: 30.545, longitude: 119.96 }],
  schedule: {
    startDate: '2020-08-01',
    endDate: '2021-07-31',
    weekly: [{ weekday: 3, opens: '09:00', closes: '11:30' }],
  },
  contact: { name: '王老师', phone: '0572-8000001' },
  capacity: { perMonth: 40 },
  cost: { free: true },
};

const registerOrganization = async (api: FixtureApi): Promise<string> =>
  ((await api.call(rpc('RegisterOrganization'), registrationRequest(api), officer)) as { organizationId: string })
    .organizationId;

/** A fresh organisation's item, taken as far as `until`. */
const itemUntil = async (
  api: FixtureApi,
  until: 'draft' | 'submitted' | 'published',
): Promise<{ organizationId: string; serviceId: string }> => {
  const organizationId = await registerOrganization(api);
  const { serviceId } = (await api.call(rpc('DraftServiceItem'), { organizationId, item: validItem }, staff)) as {
    serviceId: string;
  };
  if (until !== 'draft') await api.call(rpc('SubmitServiceItem'), { serviceId }, staff);
  if (until === 'published') await api.call(rpc('PublishServiceItem'), { serviceId }, officer);
  return { organizationId, serviceId };
};

/** A resident's fresh request for a fresh published item. */
const requested = async (api: FixtureApi): Promise<{ organizationId: string; requestId: string }> => {
  const { organizationId, serviceId } = await itemUntil(api, 'published');
  const { requestId } = (await api.call(
    rpc('RequestService'),
    { serviceId, requester: { name: '李奶奶', division: DEQING }, note: '每周三上午在家' },
    resident,
  )) as { requestId: string };
  return { organizationId, requestId };
};

/** Polls a list until it answers something (read models may follow the log), for up to 30 s. */
const untilListed = async (read: () => Promise<unknown[]>): Promise<void> => {
  const deadline = Date.now() + 30_000;
  while ((await read()).length === 0) {
    if (Date.now() > deadline) throw new Error('the list stayed empty for 30 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

export const rpcFixtures: RpcFixtures = {
  service: SERVICE,
  rpcs: {
    RegisterOrganization: {
      caller: officer,
      request: (api) => Promise.resolve(registrationRequest(api)),
    },
    UpdateOrganization: {
      caller: staff,
      request: async (api) => ({
        organizationId: await registerOrganization(api),
        charterScope: '邻里互助、助老助残、社区志愿服务',
        contact: { phone: '0572-8000002', email: 'wukang@example.org' },
        setContact: true,
      }),
    },
    DeregisterOrganization: {
      caller: officer,
      request: async (api) => ({ organizationId: await registerOrganization(api), reason: '自行解散，已办理注销登记' }),
    },
    GetOrganization: {
      caller: officer,
      request: async (api) => ({ organizationId: await registerOrganization(api) }),
    },

    DraftServiceItem: {
      caller: staff,
      request: async (api) => ({ organizationId: await registerOrganization(api), item: validItem }),
    },
    ReviseServiceItem: {
      caller: staff,
      request: async (api) => ({
        serviceId: (await itemUntil(api, 'draft')).serviceId,
        item: { ...validItem, capacity: { perMonth: 60 } },
      }),
    },
    SubmitServiceItem: {
      caller: staff,
      request: async (api) => ({ serviceId: (await itemUntil(api, 'draft')).serviceId }),
    },
    ReturnServiceItem: {
      caller: officer,
      request: async (api) => ({
        serviceId: (await itemUntil(api, 'submitted')).serviceId,
        reason: '请补充服务地点的联系电话',
      }),
    },
    PublishServiceItem: {
      caller: officer,
      request: async (api) => ({ serviceId: (await itemUntil(api, 'submitted')).serviceId }),
    },
    WithdrawServiceItem: {
      caller: staff,
      request: async (api) => ({
        serviceId: (await itemUntil(api, 'published')).serviceId,
        reason: '志愿者不足，暂停',
      }),
    },
    RetireServiceItem: {
      caller: officer,
      request: async (api) => ({ serviceId: (await itemUntil(api, 'published')).serviceId, reason: '项目结束' }),
    },
    GetServiceItem: {
      caller: resident,
      request: async (api) => ({ serviceId: (await itemUntil(api, 'published')).serviceId }),
    },
    ListServiceItems: {
      caller: staff,
      request: async (api) => {
        const { organizationId } = await itemUntil(api, 'draft');
        const request = { organizationId, pageSize: 50 };
        await untilListed(async () => {
          const { items } = (await api.call(rpc('ListServiceItems'), request, staff)) as { items: unknown[] };
          return items;
        });
        return request;
      },
    },

    RequestService: {
      caller: resident,
      request: async (api) => ({
        serviceId: (await itemUntil(api, 'published')).serviceId,
        requester: { name: '李奶奶', division: DEQING },
        note: '每周三上午在家',
      }),
    },
    AcceptRequest: {
      caller: staff,
      request: async (api) => ({ requestId: (await requested(api)).requestId }),
    },
    DeclineRequest: {
      caller: staff,
      request: async (api) => ({ requestId: (await requested(api)).requestId, text: '本月名额已满' }),
    },
    CompleteRequest: {
      caller: staff,
      request: async (api) => {
        const { requestId } = await requested(api);
        await api.call(rpc('AcceptRequest'), { requestId }, staff);
        return { requestId, text: '已上门探访' };
      },
    },
    GetRequest: {
      caller: staff,
      request: async (api) => ({ requestId: (await requested(api)).requestId }),
    },
    ListRequests: {
      caller: staff,
      request: async (api) => {
        const { organizationId } = await requested(api);
        const request = { organizationId, pageSize: 50 };
        await untilListed(async () => {
          const { requests } = (await api.call(rpc('ListRequests'), request, staff)) as { requests: unknown[] };
          return requests;
        });
        return request;
      },
    },
    ExportPersonRecords: {
      caller: privacyOfficer,
      request: async (api) => {
        // An agency's request for a person it names by the reference another programme gave them.
        const { serviceId } = await itemUntil(api, 'published');
        const personRef = api.unique('person');
        await api.call(
          rpc('RequestService'),
          { serviceId, requester: { name: '李奶奶', division: DEQING, personRef }, note: '每周三上午在家' },
          agency,
        );
        return { personRef };
      },
    },
  },
};
