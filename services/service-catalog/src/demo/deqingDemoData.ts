import prand from 'pure-rand';
import { v5 as uuidV5 } from 'uuid';
import { categories, type CategoryCode } from '../domain/categories';
import { creditCodeCheckCharacter } from '../domain/creditCode';
import { DEQING, townsOf, type Town } from '../domain/geography';
import { organizationCodeCheck } from '../domain/organizationCode';
import type { OrganizationProfile, ServiceItemContent } from '../domain/types';
import { templates } from './demoTemplates';

/**
 * A data set shaped like Deqing's list of 2020-07-31: 222 organisations, 928 items in 10 categories, in the
 * county's 13 towns and streets. The same seed gives the same data. Names, codes and coordinates are synthetic
 * (valid credit codes, points inside the county's extent), not the real organisations.
 */
export const DEMO_ORGANIZATIONS = 222;
export const DEMO_ITEMS = 928;
const DEMO_NAMESPACE = '8d2f4c1a-7b7e-4f0e-9a1d-5e6c3b2a1f00';
// Deqing's extent, degrees (WGS84): towns' points are drawn inside it.
const EXTENT = { minLatitude: 30.43, maxLatitude: 30.68, minLongitude: 119.8, maxLongitude: 120.18 };

export type DemoOrganization = { creditCode: string; profile: OrganizationProfile };
export type DemoItem = { serviceId: string; creditCode: string; item: ServiceItemContent };
export type DemoDataSet = { county: string; organizations: DemoOrganization[]; items: DemoItem[] };

export const generateDeqingDemo = (seed = 20200731): DemoDataSet => {
  const rng = prand.xoroshiro128plus(seed);
  const int = (from: number, to: number) => prand.unsafeUniformIntDistribution(from, to, rng);
  const pick = <T>(list: readonly T[]): T => list[int(0, list.length - 1)]!;
  const uniform = () => int(0, 1_000_000) / 1_000_000;
  const weighted = (): CategoryCode => {
    const total = categories.reduce((s, c) => s + templates[c.code].weight, 0);
    let at = int(1, total);
    for (const c of categories) if ((at -= templates[c.code].weight) <= 0) return c.code;
    return 'other';
  };
  const id = (kind: string, n: number) => uuidV5(`${kind}:${seed}:${n}`, DEMO_NAMESPACE);

  const towns = townsOf(DEQING);
  const centre = new Map<string, { latitude: number; longitude: number }>(
    towns.map((t) => [
      t.code,
      {
        latitude: EXTENT.minLatitude + uniform() * (EXTENT.maxLatitude - EXTENT.minLatitude),
        longitude: EXTENT.minLongitude + uniform() * (EXTENT.maxLongitude - EXTENT.minLongitude),
      },
    ]),
  );
  const near = (town: Town) => {
    const c = centre.get(town.code)!;
    return {
      latitude: Number((c.latitude + (uniform() - 0.5) * 0.03).toFixed(6)),
      longitude: Number((c.longitude + (uniform() - 0.5) * 0.03).toFixed(6)),
    };
  };

  // 928 = 222 × 4 + 40: forty organisations list a fifth item.
  const extra = new Set<number>();
  while (extra.size < DEMO_ITEMS - DEMO_ORGANIZATIONS * 4) extra.add(int(0, DEMO_ORGANIZATIONS - 1));

  const names = new Set<string>();
  const organizations: DemoOrganization[] = [];
  const items: DemoItem[] = [];
  for (let n = 0; n < DEMO_ORGANIZATIONS; n++) {
    const primary = weighted();
    const town = pick(towns);
    const [themeZh, themeEn] = pick(templates[primary].orgThemes);
    let name = `德清县${town.name}${themeZh}`;
    for (let k = 2; names.has(name); k++) name = `德清县${town.name}${themeZh}（${k}）`;
    names.add(name);
    const kind = themeZh.endsWith('中心') ? '2' : '1'; // 民办非企业单位 : 社会团体
    const orgCode8 = `MJ${String(100000 + n * 37 + int(0, 36)).slice(-6)}`;
    const first17 = `5${kind}${DEQING}${orgCode8}${organizationCodeCheck(orgCode8)}`;
    const creditCode = first17 + creditCodeCheckCharacter(first17);
    const serviceTowns = [...new Set([town.code, ...(uniform() < 0.3 ? [pick(towns).code] : [])])].sort();
    organizations.push({
      creditCode,
      profile: {
        name,
        nameEn: `Deqing ${town.name} ${themeEn}`,
        registrationAuthority: '德清县民政局',
        charterScope: `依照章程在${serviceTowns.map((c) => towns.find((t) => t.code === c)!.name).join('、')}开展${categories.find((c) => c.code === primary)!.zh}类服务：${templates[primary].items.map((i) => i.zh).join('、')}`,
        serviceTowns,
        contact: {
          phone: `0572-8${String(int(0, 999999)).padStart(6, '0')}`,
          email: `org${n + 1}@deqing-demo.example`,
        },
        staff: [`staff-${creditCode}`],
      },
    });
    const count = extra.has(n) ? 5 : 4;
    for (let k = 0; k < count; k++) {
      const category = k === 0 || uniform() < 0.75 ? primary : weighted();
      const t = pick(templates[category].items);
      const townCode = pick(serviceTowns);
      const itemTown = towns.find((x) => x.code === townCode)!;
      const locations = Array.from({ length: uniform() < 0.25 ? 2 : 1 }, (_, i) => ({
        locationId: id('location', items.length * 2 + i),
        name: i === 0 ? `${itemTown.name}社会组织服务站` : `${itemTown.name}文化礼堂`,
        address: `浙江省湖州市德清县${itemTown.name}`,
        ...near(itemTown),
      }));
      const weekday = int(1, 7);
      const opens = pick(['08:30', '09:00', '14:00', '18:30']);
      items.push({
        serviceId: id('service', items.length),
        creditCode,
        item: {
          category,
          title: { zh: `${t.zh}（${itemTown.name}）`, en: `${t.en} (${itemTown.name})` },
          description: { zh: `${name}：${t.dzh}`, en: t.den },
          eligibility: {
            ...(t.minAge !== undefined ? { minAge: t.minAge } : {}),
            ...(t.maxAge !== undefined ? { maxAge: t.maxAge } : {}),
            situations: t.situations,
          },
          coverage: {
            towns: [itemTown.code],
            communities: uniform() < 0.5 ? [`${itemTown.code}${String(int(1, 30)).padStart(3, '0')}`] : [],
          },
          locations,
          schedule: {
            startDate: '2020-08-01',
            ...(uniform() < 0.5 ? { endDate: '2021-07-31' } : {}),
            weekly: [{ weekday, opens, closes: opens < '12:00' ? '11:30' : opens < '18:00' ? '17:00' : '20:30' }],
          },
          contact: {
            name: `${pick(['王', '李', '张', '沈', '姚', '徐'])}老师`,
            phone: `0572-8${String(int(0, 999999)).padStart(6, '0')}`,
          },
          capacity: { perMonth: int(2, 20) * 10 },
          cost: t.feeFen ? { free: false, amountFen: t.feeFen, note: '困难家庭免费' } : { free: true },
        },
      });
    }
  }
  return { county: DEQING, organizations, items };
};
