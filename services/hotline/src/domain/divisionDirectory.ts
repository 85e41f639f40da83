import { childrenOf, levelOf, parentOf } from '@carebridge/divisions';
import { createJurisdictions, type DivisionDirectory, type Jurisdictions } from './jurisdictions';
import type { Tier } from './vocabulary';

/** GB/T 2260 from packages/divisions, in the hotline's tier words. */
export const divisionDirectory: DivisionDirectory = {
  levelOf: (code) => {
    const level = levelOf(code);
    const tiers: Record<string, Tier> = { province: 'province', prefecture: 'prefecture', county: 'county' };
    return level ? tiers[level] : undefined;
  },
  parentOf: (code) => parentOf(code) ?? undefined,
  childrenOf: (code) => childrenOf(code).map((d) => (typeof d === 'string' ? d : d.code)),
};

/** The configured jurisdictions (rules/jurisdictions.json: Qinghai today) over the real division directory. */
export const qinghai = (): Jurisdictions => createJurisdictions(divisionDirectory);
