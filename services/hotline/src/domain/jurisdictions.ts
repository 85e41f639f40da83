import * as divisions from '@carebridge/divisions';
import rules from './rules/jurisdictions.json';
import type { Tier } from './vocabulary';

/** What the hotline needs from the GB/T 2260 directory (packages/divisions). */
export type DivisionDirectory = {
  readonly levelOf: (code: string) => Tier | undefined;
  readonly parentOf: (code: string) => string | undefined;
  readonly childrenOf: (code: string) => readonly string[];
};

export type JurisdictionRules = {
  readonly ruleVersion: string;
  readonly provinces: readonly {
    readonly code: string;
    readonly name: string;
    readonly serviceAreas: readonly string[];
  }[];
};

/** Where a case sits in "省级负总责、市州级受理、县区级处置". */
export type Scope = { readonly province: string; readonly prefecture: string; readonly county?: string };

export type Jurisdictions = {
  readonly ruleVersion: string;
  /** The scope a division lies in; undefined when no configured service area covers it. */
  scopeOf(code: string): Scope | undefined;
  countiesOf(prefecture: string): readonly string[];
  /** Division that owns a tier of a scope (the county only once assigned). */
  divisionAt(scope: Scope, tier: Tier): string | undefined;
  serviceAreas(): readonly string[];
  provinces(): readonly string[];
};

export const defaultJurisdictionRules: JurisdictionRules = rules;

/**
 * Service areas are data (rules/jurisdictions.json); counties come from the division directory, so adding a
 * province is one entry in the data file.
 */
export const createJurisdictions = (directory: DivisionDirectory, data: JurisdictionRules = rules): Jurisdictions => {
  const areaToProvince = new Map<string, string>();
  for (const province of data.provinces)
    for (const area of province.serviceAreas) areaToProvince.set(area, province.code);

  const scopeOf = (code: string): Scope | undefined => {
    const level = directory.levelOf(code);
    if (level === 'prefecture') {
      const province = areaToProvince.get(code);
      return province ? { province, prefecture: code } : undefined;
    }
    if (level === 'county') {
      const prefecture = directory.parentOf(code);
      const province = prefecture ? areaToProvince.get(prefecture) : undefined;
      return province && prefecture ? { province, prefecture, county: code } : undefined;
    }
    return undefined;
  };

  return {
    ruleVersion: data.ruleVersion,
    scopeOf,
    countiesOf: (prefecture) =>
      areaToProvince.has(prefecture)
        ? directory.childrenOf(prefecture).filter((c) => directory.levelOf(c) === 'county')
        : [],
    divisionAt: (scope, tier) => {
      switch (tier) {
        case 'province':
          return scope.province;
        case 'prefecture':
          return scope.prefecture;
        case 'county':
          return scope.county;
        default: {
          const unreachable: never = tier;
          return unreachable;
        }
      }
    },
    serviceAreas: () => [...areaToProvince.keys()],
    provinces: () => data.provinces.map((p) => p.code),
  };
};

/** The GB/T 2260 directory of packages/divisions, seen through the port above. */
export const gbt2260: DivisionDirectory = {
  levelOf: divisions.levelOf,
  parentOf: divisions.parentOf,
  childrenOf: divisions.childrenOf,
};

/** The configured jurisdictions (rules/jurisdictions.json: Qinghai today) over the real division directory. */
export const qinghai = (): Jurisdictions => createJurisdictions(gbt2260);
