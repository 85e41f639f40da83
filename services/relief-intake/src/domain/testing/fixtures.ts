import type { ApplicationForm, Staff } from '../application/application';
import type { StandardCode } from '../programmes';

/** Shared fixtures of the domain tests: a Xuzhou caseworker and a well-formed form. */
export const caseworker: Staff = { subject: 'cw-xuzhou-1', role: 'relief_caseworker', division: '320300' };

export const formFor = (
  standard: StandardCode,
  amounts: ApplicationForm['amounts'],
  householdDivision = '320321',
): ApplicationForm => ({
  applicant: { name: '张三', idNumber: '11010519491231002X' },
  personRef: 'p-0001',
  householdDivision,
  city: `${householdDivision.slice(0, 4)}00`,
  standard,
  amounts,
});

/** The amounts that put `fen` on the figure each standard measures, with nothing received. */
export const measured = (standard: StandardCode, fen: number): ApplicationForm['amounts'] => {
  switch (standard) {
    case 'property_loss':
      return { propertyLossFen: fen };
    case 'income_interruption':
      return { lostAnnualIncomeFen: fen };
    case 'major_illness':
      return { medicalTotalFen: fen };
    default: {
      const unreachable: never = standard;
      throw new Error(`unknown standard ${String(unreachable)}`);
    }
  }
};
