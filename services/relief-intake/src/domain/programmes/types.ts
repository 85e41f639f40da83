/**
 * The shape of a charity re-relief programme as data. A province runs its own programme by adding one data
 * file of this shape to the catalogue (programmes/index.ts); the assessment reads nothing but this.
 */

/** The one-off standards a programme can grant. */
export type StandardCode = 'property_loss' | 'income_interruption' | 'major_illness';
export const standardCodes: readonly StandardCode[] = ['property_loss', 'income_interruption', 'major_illness'];

/** Amounts on the application form that a standard may use as its measure or deduct from it. */
export type AmountField =
  | 'propertyLossFen'
  | 'lostAnnualIncomeFen'
  | 'medicalTotalFen'
  | 'medicalInsuranceReimbursedFen'
  | 'compensationFen'
  | 'insurancePaidFen'
  | 'otherSocialHelpFen'
  | 'governmentReliefFen';

export type Bilingual = { readonly zh: string; readonly en: string };

/**
 * One payment band of a standard: the measure must be >= minFen and (when given) < maxExclusiveFen.
 * Bands are written half-open so that no value falls in two bands or in none between them.
 */
export type Tier = { readonly minFen: number; readonly maxExclusiveFen?: number; readonly amountFen: number };

export type StandardRule = {
  readonly code: StandardCode;
  readonly title: Bilingual;
  /** The source sentence the rule encodes, verbatim, so an auditor can check the reading. */
  readonly source: string;
  /** What is measured, before deductions (e.g. the property lost, the year's medical costs). */
  readonly measure: AmountField;
  /**
   * Amounts received that reduce the measure to what the household still carries. Empty: the gross measure
   * alone decides the tier.
   */
  readonly deductions: readonly AmountField[];
  /**
   * Which figure the tiers read:
   * - `net`: the measure after deductions (the personal share of medical costs);
   * - `gross_then_net`: the gross measure must reach the tier, and when anything was received, the net too
   *   (a loss "of 5万 or more, not compensated or still a heavy burden after compensation").
   */
  readonly tierBasis: 'net' | 'gross_then_net';
  readonly tiers: readonly Tier[];
};

export type ProgrammeRules = {
  readonly id: string;
  /** Changes whenever a rule below changes; every assessment records the version it applied. */
  readonly ruleVersion: string;
  readonly title: Bilingual;
  readonly issuer: Bilingual;
  /** Province (GB/T 2260) whose federation runs the fund. */
  readonly province: string;
  /** Prefecture-level divisions whose household registration (户籍) qualifies; every county under them too. */
  readonly eligiblePrefectures: readonly string[];
  /** Inclusive calendar dates (China Standard Time) on which applications may be submitted. */
  readonly window: { readonly from: string; readonly to: string };
  /** How the source's thresholds are read; stated in the data so the reading travels with every decision. */
  readonly boundaryReading: Bilingual;
  /** Charity relief tops up government relief: an assessment needs government relief recorded (0 allowed). */
  readonly requiresGovernmentReliefRecorded: boolean;
  readonly standards: readonly StandardRule[];
};
