import * as gbt2260 from '@carebridge/divisions';
import { eligibleCounties, eligiblePrefectureOf, jiangsu2020, programmeProblems, type ProgrammeRules } from '.';

describe('programme data', () => {
  it('the Jiangsu 2020 data is consistent with GB/T 2260 and its own bands', () => {
    expect(programmeProblems(jiangsu2020, gbt2260)).toEqual([]);
  });

  it('covers every county of the five cities, taken from GB/T 2260', () => {
    const counties = eligibleCounties(jiangsu2020, gbt2260);
    expect(counties).toEqual(expect.arrayContaining(['320321', '320382', '320722', '320830', '320981', '321322']));
    expect(counties.every((c) => jiangsu2020.eligiblePrefectures.includes(`${c.slice(0, 4)}00`))).toBe(true);
    expect(counties).not.toContain('320102');
  });

  it('finds the prefecture of a county', () => {
    expect(eligiblePrefectureOf(jiangsu2020, '320321', gbt2260)).toBe('320300');
    expect(eligiblePrefectureOf(jiangsu2020, '320102', gbt2260)).toBeUndefined();
  });

  it('another province is one more data file: bad data is caught before it is used', () => {
    const broken: ProgrammeRules = {
      ...jiangsu2020,
      id: 'broken',
      eligiblePrefectures: ['320300', '999900', '330100'],
      window: { from: '2021-01-01', to: '2020-01-01' },
      standards: [
        {
          ...jiangsu2020.standards[2]!,
          tiers: [
            { minFen: 3_000_000, maxExclusiveFen: 6_000_000, amountFen: 500_000 },
            { minFen: 5_000_000, amountFen: 10.5 },
          ],
        },
      ],
    };
    expect(programmeProblems(broken, gbt2260)).toEqual([
      'eligiblePrefectures: 999900 is not a GB/T 2260 division',
      'eligiblePrefectures: 999900 is outside 320000',
      'eligiblePrefectures: 330100 is outside 320000',
      'window: from must not be after to',
      'standards.major_illness.tiers[0]: overlaps the next band',
      'standards.major_illness.tiers[1]: amounts must be integer fen, the payment above 0',
    ]);
  });
});
