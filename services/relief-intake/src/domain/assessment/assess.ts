import type { DivisionDirectory } from '../divisionDirectory';
import {
  eligiblePrefectureOf,
  type AmountField,
  type Bilingual,
  type ProgrammeRules,
  type StandardCode,
  type Tier,
} from '../programmes';
import { basisOf, reasons, type Reason } from './reasons';

/** The amounts the one form proves, in fen; absent means 0. Government relief is summed from its records. */
export type FormAmounts = Partial<Record<Exclude<AmountField, 'governmentReliefFen'>, number>>;

export type AssessmentInput = {
  readonly programme: ProgrammeRules;
  readonly standard: StandardCode;
  readonly householdDivision: string;
  readonly amounts: FormAmounts;
  /** Government relief recorded for this hardship: how many records and their total. */
  readonly governmentRelief: { readonly records: number; readonly totalFen: number };
  /** Calendar date (China Standard Time) the application was submitted. */
  readonly submittedOn: string;
  /** Another application that already holds this person's grant of this standard, if any. */
  readonly grantHeldBy?: string;
};

export type Assessment = {
  readonly decision: 'eligible' | 'ineligible';
  readonly amountFen: number;
  readonly ruleVersion: string;
  /** The figure the tiers were read against (net or gross, per the standard's rule). */
  readonly assessedFigureFen: number;
  /** Every unmet condition; empty when eligible. */
  readonly reasons: readonly Reason[];
  /** How the amount was reached (eligible) or that nothing is payable. */
  readonly basis: Bilingual;
};

const tierFor = (tiers: readonly Tier[], fen: number): Tier | undefined =>
  tiers.find((t) => fen >= t.minFen && (t.maxExclusiveFen === undefined || fen < t.maxExclusiveFen));

/**
 * Automatic assessment: pure, and it collects every unmet condition instead of stopping at the first, so the
 * caseworker can tell the applicant everything that is missing at once.
 */
export const assess = (input: AssessmentInput, directory: DivisionDirectory): Assessment => {
  const { programme } = input;
  const unmet: Reason[] = [];
  if (!eligiblePrefectureOf(programme, input.householdDivision, directory)) {
    unmet.push(reasons.outsideDivisions(input.householdDivision, programme));
  }
  if (input.submittedOn < programme.window.from || input.submittedOn > programme.window.to) {
    unmet.push(reasons.outsideWindow(input.submittedOn, programme));
  }
  if (programme.requiresGovernmentReliefRecorded && input.governmentRelief.records === 0) {
    unmet.push(reasons.governmentReliefMissing());
  }
  const rule = programme.standards.find((s) => s.code === input.standard);
  const nothing = (figure: number): Assessment => ({
    decision: 'ineligible',
    amountFen: 0,
    ruleVersion: programme.ruleVersion,
    assessedFigureFen: figure,
    reasons: unmet,
    basis: { zh: '不符合条件，不予救助', en: 'Conditions not met; nothing is payable' },
  });
  if (!rule) {
    unmet.push(reasons.standardNotOffered(input.standard, programme));
    return nothing(0);
  }
  if (input.grantHeldBy) unmet.push(reasons.alreadyGranted(rule, input.grantHeldBy));

  const amount = (field: AmountField): number =>
    field === 'governmentReliefFen' ? input.governmentRelief.totalFen : (input.amounts[field] ?? 0);
  const gross = amount(rule.measure);
  const received = rule.deductions.reduce((sum, field) => sum + amount(field), 0);
  const net = Math.max(0, gross - received);
  const lowest = [...rule.tiers].sort((a, b) => a.minFen - b.minFen)[0]!;

  let figure: number;
  switch (rule.tierBasis) {
    case 'net':
      figure = net;
      if (!tierFor(rule.tiers, net)) unmet.push(reasons.belowThreshold(rule, net, lowest));
      break;
    case 'gross_then_net':
      figure = received > 0 ? net : gross;
      if (!tierFor(rule.tiers, gross)) unmet.push(reasons.belowThreshold(rule, gross, lowest));
      else if (received > 0 && !tierFor(rule.tiers, net))
        unmet.push(reasons.coveredAfterCompensation(rule, gross, received, lowest));
      break;
    default: {
      const unreachable: never = rule.tierBasis;
      throw new Error(`unknown tier basis ${String(unreachable)}`);
    }
  }
  // A gross_then_net standard pays by the band of the gross loss (the source ties the payment to the loss).
  const tier = tierFor(rule.tiers, rule.tierBasis === 'net' ? net : gross);
  if (unmet.length > 0 || !tier) return nothing(figure);
  return {
    decision: 'eligible',
    amountFen: tier.amountFen,
    ruleVersion: programme.ruleVersion,
    assessedFigureFen: figure,
    reasons: [],
    basis: basisOf(rule, figure, tier, programme),
  };
};
