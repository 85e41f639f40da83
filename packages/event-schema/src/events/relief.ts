import { Type, type TSchema } from '@sinclair/typebox';
import { defineEvent } from '../defineEvent';
import { personal } from '../personal';

/**
 * Charity re-relief (慈善再救助): applications, the fund and the one-grant-per-person rule.
 * Applications (relief.applications.v1) are keyed by application stream; the fund (relief.fund.v1) is one
 * stream per programme, so its events stay in ledger order; grants (relief.grants.v1) are one stream per
 * (programme, standard, person); reads of applications are recorded on relief.access.v1.
 * Money is integer fen. Whatever identifies the applicant or describes their health, money or household
 * is marked personal and sealed at rest.
 */
const APPLICATIONS = 'relief.applications.v1';
const FUND = 'relief.fund.v1';
const GRANTS = 'relief.grants.v1';
const ACCESS = 'relief.access.v1';

const Fen = Type.Integer({ minimum: 0, description: 'amount in fen (1/100 yuan)' });
const Division = Type.String({ pattern: '^[1-9][0-9]{5}$', description: 'GB/T 2260 six-digit division code' });
const Instant = Type.String({ format: 'date-time' });
const Day = Type.String({ format: 'date' });
const Id = Type.String({ minLength: 1, maxLength: 120 });
const Standard = Type.Union([
  Type.Literal('property_loss'),
  Type.Literal('income_interruption'),
  Type.Literal('major_illness'),
]);
const ReasonCode = Type.Union(
  [
    'outside_eligible_divisions',
    'outside_programme_window',
    'standard_not_offered',
    'government_relief_not_recorded',
    'below_threshold',
    'still_covered_after_compensation',
    'already_granted',
  ].map((code) => Type.Literal(code)),
);
const Staff = Type.Object({ subject: Type.String({ minLength: 1 }), role: Type.String(), division: Division });
const applicantData = <T extends TSchema>(schema: T) => personal(schema, 'applicant');

/** The one form (一表申请): who applies, where they are registered, which standard, the amounts that prove it. */
const Form = Type.Object(
  {
    applicant: Type.Object({
      name: applicantData(Type.String({ minLength: 1, maxLength: 100 })),
      idNumber: applicantData(Type.String({ pattern: '^[0-9]{17}[0-9X]$' })),
      phone: Type.Optional(applicantData(Type.String({ maxLength: 30 }))),
    }),
    /** Keyed pseudonym of the applicant's ID number: stable across applications, never the number itself. */
    personRef: personal(Type.String({ minLength: 1 }), 'applicant', 'identifier'),
    householdDivision: personal(Division, 'applicant', 'division'),
    /** Prefecture of the household registration: who may act on it, and the fund's per-city view. */
    city: Division,
    standard: Standard,
    amounts: applicantData(
      Type.Object({
        propertyLossFen: Type.Optional(Fen),
        lostAnnualIncomeFen: Type.Optional(Fen),
        medicalTotalFen: Type.Optional(Fen),
        medicalInsuranceReimbursedFen: Type.Optional(Fen),
        compensationFen: Type.Optional(Fen),
        insurancePaidFen: Type.Optional(Fen),
        otherSocialHelpFen: Type.Optional(Fen),
      }),
    ),
    description: Type.Optional(applicantData(Type.String({ maxLength: 4000 }))),
  },
  { additionalProperties: false },
);

export const ReliefApplicationDrafted = defineEvent({
  type: 'relief.ApplicationDrafted',
  version: 1,
  topic: APPLICATIONS,
  description:
    'A referral (主动发现，转介救助) became a draft application for a caseworker to complete with the applicant.',
  schema: Type.Object(
    {
      applicationId: Id,
      programmeId: Id,
      referral: Type.Object({ referralId: Id, fromProgramme: Type.String(), caseId: Id, division: Division }),
      person: Type.Object({
        personRef: personal(Type.String({ minLength: 1 }), 'applicant', 'identifier'),
        name: applicantData(Type.String({ minLength: 1, maxLength: 100 })),
        idNumber: Type.Optional(applicantData(Type.String({ pattern: '^[0-9]{17}[0-9X]$' }))),
        phone: Type.Optional(applicantData(Type.String({ maxLength: 30 }))),
        division: personal(Division, 'applicant', 'division'),
      }),
      city: Type.Optional(Division),
      requestedStandard: Type.Optional(Type.String()),
      note: Type.Optional(applicantData(Type.String({ maxLength: 2000 }))),
      draftedAt: Instant,
    },
    { additionalProperties: false },
  ),
});

export const ReliefApplicationSubmitted = defineEvent({
  type: 'relief.ApplicationSubmitted',
  version: 1,
  topic: APPLICATIONS,
  description: 'The one form was submitted (directly, or by completing a referral draft).',
  schema: Type.Object(
    {
      applicationId: Id,
      programmeId: Id,
      channel: Type.Union([Type.Literal('direct'), Type.Literal('referral')]),
      form: Form,
      submittedAt: Instant,
      submittedBy: Staff,
    },
    { additionalProperties: false },
  ),
});

export const ReliefApplicationAmended = defineEvent({
  type: 'relief.ApplicationAmended',
  version: 1,
  topic: APPLICATIONS,
  description: 'The caseworker supplied the information that was requested; the form replaces the previous one.',
  schema: Type.Object(
    { applicationId: Id, form: Form, amendedAt: Instant, amendedBy: Staff },
    { additionalProperties: false },
  ),
});

export const ReliefGovernmentReliefRecorded = defineEvent({
  type: 'relief.GovernmentReliefRecorded',
  version: 1,
  topic: APPLICATIONS,
  description: 'Government relief the applicant already received for this hardship (0 fen: checked, none granted).',
  schema: Type.Object(
    {
      applicationId: Id,
      recordId: Id,
      scheme: Type.String({ minLength: 1, maxLength: 100, description: 'e.g. 临时救助, 医疗救助, 最低生活保障' }),
      amountFen: applicantData(Fen),
      grantedOn: Day,
      recordedAt: Instant,
    },
    { additionalProperties: false },
  ),
});

export const ReliefApplicationAssessed = defineEvent({
  type: 'relief.ApplicationAssessed',
  version: 1,
  topic: APPLICATIONS,
  description:
    'Automatic assessment against the programme rules: decision, amount, rule version and every unmet condition.',
  schema: Type.Object(
    {
      applicationId: Id,
      decision: Type.Union([Type.Literal('eligible'), Type.Literal('ineligible')]),
      amountFen: Fen,
      ruleVersion: Type.String({ minLength: 1 }),
      assessedFigureFen: applicantData(Fen),
      reasons: Type.Array(
        Type.Object({ code: ReasonCode, zh: applicantData(Type.String()), en: applicantData(Type.String()) }),
      ),
      basis: Type.Object({ zh: applicantData(Type.String()), en: applicantData(Type.String()) }),
      formRevision: Type.Integer({ minimum: 1 }),
      assessedAt: Instant,
    },
    { additionalProperties: false },
  ),
});

const decisionBy = { at: Instant, by: Staff };

export const ReliefApplicationApproved = defineEvent({
  type: 'relief.ApplicationApproved',
  version: 1,
  topic: APPLICATIONS,
  description: 'A caseworker approved an eligible application; its amount is reserved in the fund.',
  schema: Type.Object(
    {
      applicationId: Id,
      standard: Standard,
      amountFen: Fen,
      ruleVersion: Type.String(),
      city: Division,
      ...decisionBy,
    },
    { additionalProperties: false },
  ),
});

export const ReliefApplicationRejected = defineEvent({
  type: 'relief.ApplicationRejected',
  version: 1,
  topic: APPLICATIONS,
  description: 'A caseworker rejected the application; any reservation is released.',
  schema: Type.Object(
    {
      applicationId: Id,
      reason: applicantData(Type.String({ minLength: 1, maxLength: 2000 })),
      releasedFen: Fen,
      ...decisionBy,
    },
    { additionalProperties: false },
  ),
});

export const ReliefInformationRequested = defineEvent({
  type: 'relief.InformationRequested',
  version: 1,
  topic: APPLICATIONS,
  description: 'A caseworker asked for more information before deciding.',
  schema: Type.Object(
    { applicationId: Id, requested: applicantData(Type.String({ minLength: 1, maxLength: 2000 })), ...decisionBy },
    { additionalProperties: false },
  ),
});

export const ReliefDisbursementRecorded = defineEvent({
  type: 'relief.DisbursementRecorded',
  version: 1,
  topic: APPLICATIONS,
  description: 'The approved one-off payment was paid out.',
  schema: Type.Object(
    {
      applicationId: Id,
      amountFen: Fen,
      paymentRef: Type.String({ minLength: 1, maxLength: 100 }),
      paidOn: Day,
      city: Division,
      ...decisionBy,
    },
    { additionalProperties: false },
  ),
});

export const ReliefApplicationWithdrawn = defineEvent({
  type: 'relief.ApplicationWithdrawn',
  version: 1,
  topic: APPLICATIONS,
  description: 'The applicant withdrew; any reservation is released.',
  schema: Type.Object(
    {
      applicationId: Id,
      reason: Type.Optional(applicantData(Type.String({ maxLength: 2000 }))),
      releasedFen: Fen,
      ...decisionBy,
    },
    { additionalProperties: false },
  ),
});

const fundEntry = { programmeId: Id, applicationId: Id, city: Division, amountFen: Fen, at: Instant };

export const ReliefFundContributed = defineEvent({
  type: 'relief.FundContributed',
  version: 1,
  topic: FUND,
  description: 'The provincial or a city charity federation paid money into the programme fund.',
  schema: Type.Object(
    {
      programmeId: Id,
      contributionId: Id,
      contributor: Type.Object({
        kind: Type.Union([Type.Literal('provincial'), Type.Literal('city')]),
        division: Division,
      }),
      amountFen: Type.Integer({ minimum: 1 }),
      receivedOn: Day,
      reference: Type.Optional(Type.String({ maxLength: 200 })),
      at: Instant,
      by: Staff,
    },
    { additionalProperties: false },
  ),
});

export const ReliefFundReserved = defineEvent({
  type: 'relief.FundReserved',
  version: 1,
  topic: FUND,
  description: 'An approval reserved its amount; the fund had it available.',
  schema: Type.Object(fundEntry, { additionalProperties: false }),
});

export const ReliefFundReleased = defineEvent({
  type: 'relief.FundReleased',
  version: 1,
  topic: FUND,
  description: 'A reservation went back to the available balance (rejection or withdrawal after approval).',
  schema: Type.Object(
    { ...fundEntry, reason: Type.Union([Type.Literal('rejected'), Type.Literal('withdrawn')]) },
    { additionalProperties: false },
  ),
});

export const ReliefFundDisbursed = defineEvent({
  type: 'relief.FundDisbursed',
  version: 1,
  topic: FUND,
  description: 'A disbursement consumed its reservation.',
  schema: Type.Object(fundEntry, { additionalProperties: false }),
});

const grantKey = {
  programmeId: Id,
  standard: Standard,
  personRef: personal(Type.String({ minLength: 1 }), 'applicant', 'identifier'),
  applicationId: Id,
  at: Instant,
};

export const ReliefGrantClaimed = defineEvent({
  type: 'relief.GrantClaimed',
  version: 1,
  topic: GRANTS,
  description: 'An approval claimed the one grant of a standard a person may receive in the programme period.',
  schema: Type.Object(grantKey, { additionalProperties: false }),
  // A grant stream is named by the person reference itself (one grant per person and standard, held by the stream's
  // expected version), so its events carry that pseudonymous reference as it is.
  sealed: false,
});

export const ReliefGrantReleased = defineEvent({
  type: 'relief.GrantReleased',
  version: 1,
  topic: GRANTS,
  description: 'The claim was given up (rejection, withdrawal, or the fund could not cover it).',
  sealed: false, // as GrantClaimed: the person reference names the stream
  schema: Type.Object(
    {
      ...grantKey,
      reason: Type.Union([Type.Literal('rejected'), Type.Literal('withdrawn'), Type.Literal('fund_insufficient')]),
    },
    { additionalProperties: false },
  ),
});

export const ReliefApplicationsRead = defineEvent({
  type: 'relief.ApplicationsRead',
  version: 1,
  topic: ACCESS,
  description: 'Who read which applications, when and how: every read is attributable.',
  schema: Type.Object(
    {
      reader: Staff,
      operation: Type.Union([Type.Literal('get'), Type.Literal('list')]),
      applicationIds: Type.Array(Id, { maxItems: 500 }),
      at: Instant,
    },
    { additionalProperties: false },
  ),
});

export const reliefEvents = [
  ReliefApplicationDrafted,
  ReliefApplicationSubmitted,
  ReliefApplicationAmended,
  ReliefGovernmentReliefRecorded,
  ReliefApplicationAssessed,
  ReliefApplicationApproved,
  ReliefApplicationRejected,
  ReliefInformationRequested,
  ReliefDisbursementRecorded,
  ReliefApplicationWithdrawn,
  ReliefFundContributed,
  ReliefFundReserved,
  ReliefFundReleased,
  ReliefFundDisbursed,
  ReliefGrantClaimed,
  ReliefGrantReleased,
  ReliefApplicationsRead,
] as const;
