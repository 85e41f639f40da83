import { categories } from '../domain/categories';
import { creditCodeProblem } from '../domain/creditCode';
import { isInChina, townOf } from '../domain/geography';
import { validateServiceItem } from '../domain/validateServiceItem';
import { validateRegistration } from '../domain/validateOrganization';
import { DEMO_ITEMS, DEMO_ORGANIZATIONS, generateDeqingDemo } from './deqingDemoData';

describe('the Deqing-shaped demo data set', () => {
  const data = generateDeqingDemo();

  it('has 222 organisations and 928 items in all ten categories', () => {
    expect(data.organizations).toHaveLength(DEMO_ORGANIZATIONS);
    expect(data.items).toHaveLength(928);
    expect(DEMO_ITEMS).toBe(928);
    const used = new Set(data.items.map((i) => i.item.category));
    expect([...used].sort()).toEqual(categories.map((c) => c.code).sort());
  });

  it('is reproducible from its seed, and another seed gives other data', () => {
    expect(generateDeqingDemo()).toEqual(data);
    expect(generateDeqingDemo(7).organizations[0]).not.toEqual(data.organizations[0]);
  });

  it('passes the rules real input must pass: credit codes, towns of Deqing, places in China', () => {
    const codes = new Set(data.organizations.map((o) => o.creditCode));
    expect(codes.size).toBe(222);
    for (const org of data.organizations) {
      expect(creditCodeProblem(org.creditCode)).toBeUndefined();
      expect(validateRegistration(org.creditCode, data.county, org.profile)).toEqual([]);
    }
    for (const { item } of data.items) {
      expect(validateServiceItem(item, data.county)).toEqual([]);
      expect(item.coverage.towns.every((t) => townOf(t)?.county === '330521')).toBe(true);
      expect(item.locations.every((l) => isInChina(l.latitude, l.longitude))).toBe(true);
    }
  });
});
