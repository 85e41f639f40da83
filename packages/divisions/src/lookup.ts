import { directory, type Division, type DivisionLevel } from './directory';

/**
 * Accepts a code in the short form people write (63, 6301) or the six-digit wire form (630000, 630100,
 * 630102) and returns the six-digit form; undefined when it is neither. Whether the code exists is byCode's job.
 */
export const normalizeCode = (code: string): string | undefined => {
  const trimmed = code.trim();
  if (/^\d{2}$/.test(trimmed)) return `${trimmed}0000`;
  if (/^\d{4}$/.test(trimmed)) return `${trimmed}00`;
  if (/^\d{6}$/.test(trimmed)) return trimmed;
  return undefined;
};

/** The division with this code (short or six-digit form), or undefined when GB/T 2260 has no such code. */
export const byCode = (code: string): Division | undefined => {
  const six = normalizeCode(code);
  return six === undefined ? undefined : directory().byCode.get(six);
};

export const exists = (code: string): boolean => byCode(code) !== undefined;

export const name = (code: string): string | undefined => byCode(code)?.name;

export const levelOf = (code: string): DivisionLevel | undefined => byCode(code)?.level;

export const parentOf = (code: string): string | undefined => byCode(code)?.parent;

/** Direct children, sorted by code: a province's prefectures, a prefecture's counties and districts. */
export const childrenOf = (code: string): readonly string[] => {
  const division = byCode(code);
  return division ? (directory().children.get(division.code) ?? []) : [];
};

/** The division and its ancestors, nearest first (630102 → [630102, 630100, 630000]). */
export const ancestorsOf = (code: string): readonly string[] => {
  const chain: string[] = [];
  for (let d = byCode(code); d; d = d.parent ? byCode(d.parent) : undefined) chain.push(d.code);
  return chain;
};

/** True when `code` is `ancestor` itself or lies anywhere under it; false when either code is unknown. */
export const isWithin = (code: string, ancestor: string): boolean => {
  const target = byCode(ancestor);
  return target !== undefined && ancestorsOf(code).includes(target.code);
};

/** Every county-level division under `code` (itself when it is a county). */
export const countiesWithin = (code: string): readonly string[] => {
  const division = byCode(code);
  if (!division) return [];
  if (division.level === 'county') return [division.code];
  return childrenOf(division.code).flatMap((c) => countiesWithin(c));
};
