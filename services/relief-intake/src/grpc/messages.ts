import type { ApplicationState } from '../domain/application/application';
import type { ApplicationSummary } from '../application/applicationSummaries';
import type { FundBalance } from '../application/queries';
import type { Totals } from '../domain/fund/fund';

/**
 * Domain state → carebridge.relief.v1 messages (lowerCamel, as the shared proto loader writes them). Money
 * and versions go out as decimal strings: integer fen, exact on every client.
 */
const fen = (value: number | undefined): string => String(value ?? 0);

const amountsMessage = (amounts: Readonly<Record<string, number | undefined>>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(amounts)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, fen(v)]),
  );

/** The form as submitted, or what a referral draft knows so far. */
const formMessage = (state: ApplicationState) => {
  // A person's fields read as null once their key is destroyed (erased): they go out empty, as the hotline's do.
  if (state.form) {
    const { applicant, householdDivision, standard, amounts, description } = state.form;
    return {
      applicant: { name: applicant.name ?? '', idNumber: applicant.idNumber ?? '', phone: applicant.phone ?? '' },
      householdDivision: householdDivision ?? '',
      standard,
      amounts: amountsMessage(amounts ?? {}),
      description: description ?? '',
    };
  }
  const draft = state.draft;
  if (!draft) return null;
  return {
    applicant: {
      name: draft.person.name ?? '',
      idNumber: draft.person.idNumber ?? '',
      phone: draft.person.phone ?? '',
    },
    householdDivision: draft.person.division ?? '',
    standard: draft.requestedStandard ?? '',
    amounts: {},
    description: draft.note ?? '',
  };
};

const assessmentMessage = (state: ApplicationState) => {
  const a = state.assessment;
  if (!a) return null;
  return {
    decision: a.decision,
    amountFen: fen(a.amountFen),
    ruleVersion: a.ruleVersion,
    assessedFigureFen: fen(a.assessedFigureFen),
    reasons: a.reasons.map((r) => ({ code: r.code, zh: r.zh, en: r.en })),
    basisZh: a.basis.zh,
    basisEn: a.basis.en,
    assessedAt: a.assessedAt,
    current: a.formRevision === state.formRevision,
  };
};

export const cityOfState = (state: ApplicationState): string =>
  state.form?.city ?? state.draft?.city ?? (state.draft ? `${state.draft.person.division.slice(0, 4)}00` : '');

export const applicationMessage = (state: ApplicationState, version: number) => ({
  application: {
    applicationId: state.applicationId ?? '',
    programmeId: state.programmeId ?? '',
    status: state.status,
    form: formMessage(state),
    city: cityOfState(state),
    governmentReliefRecords: state.governmentRelief.records,
    governmentReliefFen: fen(state.governmentRelief.totalFen),
    assessment: assessmentMessage(state),
    approvedFen: fen(state.approvedFen),
    informationRequested: state.requested ?? '',
    closedReason: state.closedReason ?? '',
    paymentRef: state.disbursement?.paymentRef ?? '',
    paidOn: state.disbursement?.paidOn ?? '',
    referral: state.referral
      ? { referralId: state.referral.referralId, fromProgramme: state.referral.fromProgramme }
      : null,
    submittedAt: state.submittedAt ?? '',
    updatedAt: state.updatedAt ?? '',
    version: String(version),
    // null once the person is erased (the reference is sealed under their key).
    personRef: state.form?.personRef ?? state.draft?.person.personRef ?? '',
  },
});

export const summaryMessage = (s: ApplicationSummary) => ({
  applicationId: s.id,
  programmeId: s.programmeId,
  status: s.status,
  city: s.city,
  standard: s.standard,
  decision: s.decision,
  amountFen: fen(s.amountFen),
  submittedAt: s.submittedAt,
  updatedAt: s.updatedAt,
});

const ledgerMessage = (t: Totals) => ({
  contributedFen: fen(t.contributedFen),
  reservedFen: fen(t.reservedFen),
  disbursedFen: fen(t.disbursedFen),
});

export const fundBalanceMessage = (b: FundBalance) => ({
  programmeId: b.programmeId,
  total: ledgerMessage(b.total),
  availableFen: fen(b.availableFen),
  cities: b.cities.map((c) => ({ city: c.city, ledger: ledgerMessage(c.ledger) })),
  version: String(b.version),
});
