import type { DivisionDirectory } from '../divisionDirectory';
import { jiangsu2020 } from './jiangsu-2020';
import type { ProgrammeRules } from './types';

export * from './types';
export { jiangsu2020 };

/** Every programme the service runs. Another province's programme is one more data file added here. */
export const programmes: readonly ProgrammeRules[] = [jiangsu2020];

export const programmeById = (id: string): ProgrammeRules | undefined => programmes.find((p) => p.id === id);

/** The prefecture of the programme that `division` lies in, if any. */
export const eligiblePrefectureOf = (
  programme: ProgrammeRules,
  division: string,
  directory: DivisionDirectory,
): string | undefined => programme.eligiblePrefectures.find((prefecture) => directory.isWithin(division, prefecture));

/** Every county-level division the programme covers, derived from GB/T 2260 (for listings and audits). */
export const eligibleCounties = (programme: ProgrammeRules, directory: DivisionDirectory): string[] =>
  programme.eligiblePrefectures.flatMap((prefecture) => [...directory.childrenOf(prefecture)]);

/**
 * Problems with a programme's data: checked when the service starts and in tests, so a bad data file
 * never reaches an assessment.
 */
export const programmeProblems = (programme: ProgrammeRules, directory: DivisionDirectory): string[] => {
  const problems: string[] = [];
  const fen = (value: number | undefined) => value === undefined || (Number.isSafeInteger(value) && value >= 0);
  for (const code of programme.eligiblePrefectures) {
    if (!directory.exists(code)) problems.push(`eligiblePrefectures: ${code} is not a GB/T 2260 division`);
    if (!directory.isWithin(code, programme.province))
      problems.push(`eligiblePrefectures: ${code} is outside ${programme.province}`);
  }
  if (!(programme.window.from <= programme.window.to)) problems.push('window: from must not be after to');
  const seen = new Set<string>();
  for (const standard of programme.standards) {
    if (seen.has(standard.code)) problems.push(`standards: ${standard.code} appears twice`);
    seen.add(standard.code);
    const tiers = [...standard.tiers].sort((a, b) => a.minFen - b.minFen);
    tiers.forEach((tier, i) => {
      if (!fen(tier.minFen) || !fen(tier.maxExclusiveFen) || !fen(tier.amountFen) || tier.amountFen === 0) {
        problems.push(`standards.${standard.code}.tiers[${i}]: amounts must be integer fen, the payment above 0`);
      }
      const next = tiers[i + 1];
      if (next && (tier.maxExclusiveFen === undefined || tier.maxExclusiveFen > next.minFen)) {
        problems.push(`standards.${standard.code}.tiers[${i}]: overlaps the next band`);
      }
    });
  }
  return problems;
};
