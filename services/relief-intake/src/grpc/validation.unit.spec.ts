import { ValidationError } from '@carebridge/decider';
import * as divisions from '@carebridge/divisions';
import { checkForm, createChecks } from './validation';

const validId = '11010519491231002X';

const goodForm = () => ({
  applicant: { name: '张三', idNumber: validId, phone: '13800000000' },
  householdDivision: '320321',
  standard: 'major_illness',
  amounts: { medicalTotalFen: '5000000', medicalInsuranceReimbursedFen: '0' },
  description: '',
});

/** Runs checkForm and returns the violations it threw (empty when the form passed). */
const violationsOf = (form: Parameters<typeof checkForm>[1]) => {
  const checks = createChecks(divisions);
  const input = checkForm(checks, form);
  try {
    checks.done();
    return { input, violations: [] as { field: string; description: string }[] };
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return { input, violations: [...(error as ValidationError).violations] };
  }
};

describe('edge validation of the one form', () => {
  it('passes a well-formed form and converts the amounts to integer fen', () => {
    const { input, violations } = violationsOf(goodForm());
    expect(violations).toEqual([]);
    expect(input).toEqual({
      applicant: { name: '张三', idNumber: validId, phone: '13800000000' },
      householdDivision: '320321',
      standard: 'major_illness',
      amounts: { medicalTotalFen: 5_000_000, medicalInsuranceReimbursedFen: 0 },
    });
  });

  it('names every bad field of one request at once', () => {
    const { violations } = violationsOf({
      applicant: { name: '张三', idNumber: '110105194912310021' },
      householdDivision: '329999',
      standard: '',
      amounts: { medicalTotalFen: '-100', compensationFen: '12.5', insurancePaidFen: '3e5' },
    });
    expect(violations.map((v) => v.field).sort()).toEqual(
      [
        'form.amounts.compensation_fen',
        'form.amounts.insurance_paid_fen',
        'form.amounts.medical_total_fen',
        'form.applicant.id_number',
        'form.household_division',
        'form.standard',
      ].sort(),
    );
  });

  it.each([
    ['negative amount', { amounts: { propertyLossFen: '-1' } }, 'form.amounts.property_loss_fen', /negative/],
    [
      'fraction of a fen',
      { amounts: { lostAnnualIncomeFen: '100.50' } },
      'form.amounts.lost_annual_income_fen',
      /whole number of fen/,
    ],
    [
      'not a number',
      { amounts: { medicalTotalFen: 'ten yuan' } },
      'form.amounts.medical_total_fen',
      /integer number of fen/,
    ],
    [
      'amount past 2^53',
      { amounts: { otherSocialHelpFen: '9999999999999999' } },
      'form.amounts.other_social_help_fen',
      /too large/,
    ],
    [
      'unknown division code',
      { householdDivision: '329999' },
      'form.household_division',
      /not a known GB\/T 2260 division/,
    ],
    ['division not six digits', { householdDivision: '3203' }, 'form.household_division', /six-digit/],
    [
      'ID number too short',
      { applicant: { name: '张三', idNumber: '1101051949' } },
      'form.applicant.id_number',
      /18 characters/,
    ],
    [
      'ID number with a wrong check character',
      { applicant: { name: '张三', idNumber: '110105194912310021' } },
      'form.applicant.id_number',
      /check character/,
    ],
    [
      'ID number with an impossible birth date',
      { applicant: { name: '张三', idNumber: '110105194913310021' } },
      'form.applicant.id_number',
      /birth date/,
    ],
    ['missing ID number', { applicant: { name: '张三' } }, 'form.applicant.id_number', /required/],
    ['missing name', { applicant: { idNumber: validId } }, 'form.applicant.name', /required/],
    ['missing standard', { standard: '' }, 'form.standard', /required/],
    ['unknown standard', { standard: 'flood' }, 'form.standard', /must be one of/],
  ])('%s is named', (_label, change, field, description) => {
    const { violations } = violationsOf({ ...goodForm(), ...change });
    expect(violations).toHaveLength(1);
    expect(violations[0]!.field).toBe(field);
    expect(violations[0]!.description).toMatch(description);
  });

  it('names a missing form', () => {
    const { violations } = violationsOf(undefined);
    expect(violations.map((v) => v.field)).toEqual(
      expect.arrayContaining([
        'form',
        'form.applicant.name',
        'form.applicant.id_number',
        'form.household_division',
        'form.standard',
      ]),
    );
  });

  it('checks single fields outside the form the same way (dates, required fen)', () => {
    const checks = createChecks(divisions);
    checks.fen('amount_fen', '', { required: true });
    checks.fen('other_fen', '0', { positive: true });
    checks.day('paid_on', '2021-02-30');
    expect(() => checks.done()).toThrow(ValidationError);
    expect(checks.violations.map((v) => v.field)).toEqual(['amount_fen', 'other_fen', 'paid_on']);
  });
});
