import { creditCodeCheckCharacter } from '../creditCode';
import type { OrganizationProfile, ServiceItemContent } from '../types';

export const DEQING = '330521';
export const WUKANG = '330521001'; // 武康街道
export const XINSHI = '330521102'; // 新市镇
export const AT = '2020-08-01T09:00:00.000Z';
export const ORG_ID = '0f8f5b1e-1111-4a5a-8a5a-000000000001';
export const SERVICE_ID = '0f8f5b1e-2222-4a5a-8a5a-000000000002';
export const REQUEST_ID = '0f8f5b1e-3333-4a5a-8a5a-000000000003';

export const creditCode = (first17 = '51330521MJ0000001'): string => first17 + creditCodeCheckCharacter(first17);

export const profile = (overrides: Partial<OrganizationProfile> = {}): OrganizationProfile => ({
  name: '德清县武康街道邻里互助协会',
  nameEn: 'Wukang Neighbourhood Mutual Aid Association',
  registrationAuthority: '德清县民政局',
  charterScope: '开展邻里互助、助老助残、社区志愿服务',
  serviceTowns: [WUKANG],
  contact: { phone: '0572-8000000' },
  staff: ['staff-wukang'],
  ...overrides,
});

export const item = (overrides: Partial<ServiceItemContent> = {}): ServiceItemContent => ({
  category: 'community_services',
  title: { zh: '独居老人上门探访', en: 'Home visits to older people living alone' },
  description: {
    zh: '志愿者每周上门探访，陪伴聊天，检查安全隐患',
    en: 'Weekly visits by volunteers: company and a home safety check',
  },
  eligibility: { minAge: 70, situations: ['独居', 'living alone'] },
  coverage: { towns: [WUKANG], communities: [`${WUKANG}001`] },
  locations: [
    {
      locationId: '0f8f5b1e-4444-4a5a-8a5a-000000000004',
      name: '武康街道社会组织服务中心',
      address: '德清县武康街道',
      latitude: 30.545,
      longitude: 119.96,
    },
  ],
  schedule: {
    startDate: '2020-08-01',
    endDate: '2021-07-31',
    weekly: [{ weekday: 3, opens: '09:00', closes: '11:30' }],
  },
  contact: { name: '王老师', phone: '0572-8000001' },
  capacity: { perMonth: 40 },
  cost: { free: true },
  ...overrides,
});
