import * as gbt2260 from '@carebridge/divisions';
import { jiangsu2020, type StandardCode } from '../programmes';
import { measured } from '../testing/fixtures';
import { assess, type AssessmentInput, type FormAmounts } from './assess';
import type { ReasonCode } from './reasons';

/**
 * THE rules table: every standard at the source's boundaries (29,999.99 / 30,000 / 49,999.99 / 50,000 /
 * 50,000.01 yuan), outside the five cities, outside the trial window, with and without compensation, and a
 * repeat application. Amounts in fen. The boundary reading is the one stated in jiangsu-2020.ts.
 */
const base = (standard: StandardCode, amounts: FormAmounts): AssessmentInput => ({
  programme: jiangsu2020,
  standard,
  householdDivision: '320321', // 丰县, a county of Xuzhou
  amounts,
  governmentRelief: { records: 1, totalFen: 0 },
  submittedOn: '2020-09-15',
});

type Row = [label: string, input: AssessmentInput, amountFen: number, reasons: ReasonCode[]];

const boundaries = [2_999_999, 3_000_000, 4_999_999, 5_000_000, 5_000_001];
const expectedAt: Record<StandardCode, number[]> = {
  // 5万元以上 (>= 50,000 yuan) → 5,000 yuan; below it nothing.
  property_loss: [0, 0, 0, 500_000, 500_000],
  // The source sets no amount for a lost income: every figure qualifies for 5,000 yuan.
  income_interruption: [500_000, 500_000, 500_000, 500_000, 500_000],
  // 3万-5万 → 5,000 yuan (30,000 inclusive, 50,000 exclusive); 5万元以上 → 10,000 yuan.
  major_illness: [0, 500_000, 500_000, 1_000_000, 1_000_000],
};

const boundaryRows: Row[] = (Object.keys(expectedAt) as StandardCode[]).flatMap((standard) =>
  boundaries.map((fen, i): Row => {
    const amount = expectedAt[standard][i]!;
    return [
      `${standard} at ${fen} fen`,
      base(standard, measured(standard, fen)),
      amount,
      amount === 0 ? ['below_threshold'] : [],
    ];
  }),
);

const rows: Row[] = [
  ...boundaryRows,
  // Outside the five northern cities: Nanjing (320102) and another province (Shanghai 310101).
  ...(['property_loss', 'income_interruption', 'major_illness'] as const).flatMap((standard): Row[] => [
    [
      `${standard} registered in Nanjing`,
      { ...base(standard, measured(standard, 6_000_000)), householdDivision: '320102' },
      0,
      ['outside_eligible_divisions'],
    ],
    [
      `${standard} registered in Shanghai`,
      { ...base(standard, measured(standard, 6_000_000)), householdDivision: '310101' },
      0,
      ['outside_eligible_divisions'],
    ],
  ]),
  [
    'the prefecture code itself (Suqian)',
    { ...base('property_loss', measured('property_loss', 5_000_000)), householdDivision: '321300' },
    500_000,
    [],
  ],
  [
    'a county of Yancheng',
    { ...base('property_loss', measured('property_loss', 5_000_000)), householdDivision: '320981' },
    500_000,
    [],
  ],
  // Trial window: 2020-07-01 .. 2021-06-30 inclusive.
  [
    'the day before the window',
    { ...base('major_illness', measured('major_illness', 5_000_000)), submittedOn: '2020-06-30' },
    0,
    ['outside_programme_window'],
  ],
  [
    'the first day of the window',
    { ...base('major_illness', measured('major_illness', 5_000_000)), submittedOn: '2020-07-01' },
    1_000_000,
    [],
  ],
  [
    'the last day of the window',
    { ...base('major_illness', measured('major_illness', 5_000_000)), submittedOn: '2021-06-30' },
    1_000_000,
    [],
  ],
  [
    'the day after the window',
    { ...base('major_illness', measured('major_illness', 5_000_000)), submittedOn: '2021-07-01' },
    0,
    ['outside_programme_window'],
  ],
  // With and without compensation.
  ['property loss, nothing received', base('property_loss', { propertyLossFen: 6_000_000 }), 500_000, []],
  [
    'property loss, 5,000 yuan compensation leaves 55,000',
    base('property_loss', { propertyLossFen: 6_000_000, compensationFen: 500_000 }),
    500_000,
    [],
  ],
  [
    'property loss, insurance leaves 49,999.99',
    base('property_loss', { propertyLossFen: 6_000_000, insurancePaidFen: 1_000_001 }),
    0,
    ['still_covered_after_compensation'],
  ],
  [
    'property loss, compensation and other help leave 40,000',
    base('property_loss', { propertyLossFen: 6_000_000, compensationFen: 1_500_000, otherSocialHelpFen: 500_000 }),
    0,
    ['still_covered_after_compensation'],
  ],
  ['lost income, nothing received', base('income_interruption', { lostAnnualIncomeFen: 3_000_000 }), 500_000, []],
  [
    'lost income, partly compensated',
    base('income_interruption', { lostAnnualIncomeFen: 3_000_000, compensationFen: 1_000_000 }),
    500_000,
    [],
  ],
  [
    'lost income, fully compensated',
    base('income_interruption', { lostAnnualIncomeFen: 3_000_000, compensationFen: 3_000_000 }),
    0,
    ['still_covered_after_compensation'],
  ],
  [
    'illness, 80,000 total less 30,000 reimbursed = 50,000',
    base('major_illness', { medicalTotalFen: 8_000_000, medicalInsuranceReimbursedFen: 3_000_000 }),
    1_000_000,
    [],
  ],
  [
    'illness, insurance brings the share to 49,999.99',
    base('major_illness', {
      medicalTotalFen: 8_000_000,
      medicalInsuranceReimbursedFen: 3_000_000,
      insurancePaidFen: 1,
    }),
    500_000,
    [],
  ],
  [
    'illness, government relief brings the share to 29,999.99',
    {
      ...base('major_illness', { medicalTotalFen: 8_000_000, medicalInsuranceReimbursedFen: 3_000_000 }),
      governmentRelief: { records: 2, totalFen: 2_000_001 },
    },
    0,
    ['below_threshold'],
  ],
  // Repeat application: the person already holds this standard's grant.
  [
    'repeat application for the same standard',
    { ...base('major_illness', measured('major_illness', 5_000_000)), grantHeldBy: 'app-earlier' },
    0,
    ['already_granted'],
  ],
  // Government relief comes first.
  [
    'no government relief recorded',
    { ...base('property_loss', measured('property_loss', 5_000_000)), governmentRelief: { records: 0, totalFen: 0 } },
    0,
    ['government_relief_not_recorded'],
  ],
  // Every unmet condition is reported, not only the first.
  [
    'everything wrong at once',
    {
      ...base('property_loss', measured('property_loss', 4_999_999)),
      householdDivision: '320102',
      submittedOn: '2021-07-01',
      governmentRelief: { records: 0, totalFen: 0 },
      grantHeldBy: 'app-earlier',
    },
    0,
    [
      'outside_eligible_divisions',
      'outside_programme_window',
      'government_relief_not_recorded',
      'already_granted',
      'below_threshold',
    ],
  ],
];

describe(`rules table (${jiangsu2020.ruleVersion})`, () => {
  it.each(rows)('%s', (_label, input, amountFen, reasonCodes) => {
    const result = assess(input, gbt2260);
    expect(result.amountFen).toBe(amountFen);
    expect(result.decision).toBe(amountFen > 0 ? 'eligible' : 'ineligible');
    expect(result.reasons.map((r) => r.code)).toEqual(reasonCodes);
    expect(result.ruleVersion).toBe('jiangsu-2020.1');
    for (const reason of result.reasons) {
      expect(reason.zh.length).toBeGreaterThan(0);
      expect(reason.en.length).toBeGreaterThan(0);
    }
  });

  it('explains an unmet threshold with the figures, in both languages', () => {
    const [reason] = assess(base('major_illness', measured('major_illness', 2_999_999)), gbt2260).reasons;
    expect(reason!.en).toContain('29,999.99 yuan does not reach >= 30,000.00 and < 50,000.00 yuan');
    expect(reason!.zh).toContain('个人承担费用 29,999.99 元');
  });

  it('states the amount basis of an eligible decision', () => {
    const result = assess(base('major_illness', measured('major_illness', 5_000_000)), gbt2260);
    expect(result.basis.en).toContain('one-off payment 10,000.00 yuan (rules jiangsu-2020.1)');
  });
});
