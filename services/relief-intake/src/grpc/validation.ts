import { ValidationError } from '@carebridge/decider';
import { checkIdNumber, normaliseIdNumber } from '@carebridge/identity';
import type { FormInput } from '../application/commands';
import type { DivisionDirectory } from '../domain/divisionDirectory';
import { standardCodes, type AmountField } from '../domain/programmes';

/**
 * Request checks at the edge. They collect EVERY bad field (proto field paths, as the caller wrote them) and
 * throw one ValidationError, before anything is loaded or stored.
 */
export type Violations = { field: string; description: string }[];

const FEN = /^(0|[1-9][0-9]{0,15})$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const createChecks = (directory: DivisionDirectory) => {
  const violations: Violations = [];
  const bad = (field: string, description: string) => violations.push({ field, description });

  const text = (field: string, value: unknown, opts: { required?: boolean; max?: number } = {}): string | undefined => {
    const v = typeof value === 'string' ? value.trim() : '';
    if (!v) {
      if (opts.required) bad(field, 'is required');
      return undefined;
    }
    if (opts.max && v.length > opts.max) bad(field, `must be at most ${opts.max} characters`);
    return v;
  };

  /** Integer fen as a decimal string; empty is 0 unless required. */
  const fen = (field: string, value: unknown, opts: { required?: boolean; positive?: boolean } = {}): number => {
    const v = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
    if (v === '') {
      if (opts.required) bad(field, 'is required (integer fen)');
      return 0;
    }
    if (v.startsWith('-')) {
      bad(field, 'must not be negative');
      return 0;
    }
    if (!FEN.test(v)) {
      bad(
        field,
        /^[0-9]+\.[0-9]*$/.test(v)
          ? 'must be a whole number of fen (no fractions of a fen)'
          : 'must be an integer number of fen',
      );
      return 0;
    }
    const n = Number(v);
    if (!Number.isSafeInteger(n)) bad(field, 'is too large');
    if (opts.positive && n === 0) bad(field, 'must be greater than 0');
    return n;
  };

  const division = (
    field: string,
    value: unknown,
    opts: { required?: boolean } = { required: true },
  ): string | undefined => {
    const v = text(field, value, opts);
    if (v === undefined) return undefined;
    if (!/^[1-9][0-9]{5}$/.test(v)) bad(field, 'must be a six-digit GB/T 2260 division code');
    else if (!directory.exists(v)) bad(field, `${v} is not a known GB/T 2260 division`);
    return v;
  };

  const idNumber = (
    field: string,
    value: unknown,
    opts: { required?: boolean } = { required: true },
  ): string | undefined => {
    const v = text(field, value, opts);
    if (v === undefined) return undefined;
    // The suite's one GB 11643 check and normal form, so a person is valid here exactly when valid elsewhere.
    const problem = checkIdNumber(v);
    if (problem) bad(field, problem);
    return normaliseIdNumber(v);
  };

  const day = (field: string, value: unknown): string | undefined => {
    const v = text(field, value, { required: true });
    if (
      v !== undefined &&
      (!DAY.test(v) ||
        Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ||
        new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v)
    ) {
      bad(field, 'must be a date YYYY-MM-DD');
    }
    return v;
  };

  const standard = (field: string, value: unknown): string | undefined => {
    const v = text(field, value, { required: true });
    if (v !== undefined && !(standardCodes as readonly string[]).includes(v))
      bad(field, `must be one of ${standardCodes.join(', ')}`);
    return v;
  };

  const done = (): void => {
    if (violations.length > 0) throw new ValidationError(violations);
  };

  return { text, fen, division, idNumber, day, standard, bad, done, violations };
};

type Checks = ReturnType<typeof createChecks>;

const amountFields: readonly [string, Exclude<AmountField, 'governmentReliefFen'>][] = [
  ['property_loss_fen', 'propertyLossFen'],
  ['lost_annual_income_fen', 'lostAnnualIncomeFen'],
  ['medical_total_fen', 'medicalTotalFen'],
  ['medical_insurance_reimbursed_fen', 'medicalInsuranceReimbursedFen'],
  ['compensation_fen', 'compensationFen'],
  ['insurance_paid_fen', 'insurancePaidFen'],
  ['other_social_help_fen', 'otherSocialHelpFen'],
];

/** The form as the shared proto loader hands it over: lowerCamel names, int64 and fen as strings. */
export type FormMessage = {
  applicant?: { name?: string; idNumber?: string; phone?: string } | null;
  householdDivision?: string;
  standard?: string;
  amounts?: Partial<Record<Exclude<AmountField, 'governmentReliefFen'>, string>> | null;
  description?: string;
};

/**
 * The one form, checked field by field (prefix is where the form sits in the request, e.g. `form`); violations
 * name the proto field path as written (`form.applicant.id_number`), as every gRPC client documents it.
 */
export const checkForm = (c: Checks, form: FormMessage | null | undefined, prefix = 'form'): FormInput => {
  if (!form) c.bad(prefix, 'is required');
  const f = form ?? {};
  const name = c.text(`${prefix}.applicant.name`, f.applicant?.name, { required: true, max: 100 });
  const idNumber = c.idNumber(`${prefix}.applicant.id_number`, f.applicant?.idNumber);
  const phone = c.text(`${prefix}.applicant.phone`, f.applicant?.phone, { max: 30 });
  const householdDivision = c.division(`${prefix}.household_division`, f.householdDivision);
  const standard = c.standard(`${prefix}.standard`, f.standard);
  const amounts: FormInput['amounts'] = {};
  for (const [wire, key] of amountFields) {
    const raw = f.amounts?.[key];
    const value = c.fen(`${prefix}.amounts.${wire}`, raw);
    if (raw !== undefined && raw !== '' && value >= 0) amounts[key] = value;
  }
  const description = c.text(`${prefix}.description`, f.description, { max: 4000 });
  return {
    applicant: { name: name ?? '', idNumber: idNumber ?? '', ...(phone ? { phone } : {}) },
    householdDivision: householdDivision ?? '',
    standard: (standard ?? 'property_loss') as FormInput['standard'],
    amounts,
    ...(description ? { description } : {}),
  };
};
