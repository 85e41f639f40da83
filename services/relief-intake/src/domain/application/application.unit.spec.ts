import { DomainRuleError } from '@carebridge/decider';
import { DeciderSpecification } from '@carebridge/decider/testing';
import type { EventOf, ReferralRequested } from '@carebridge/event-schema';
import * as gbt2260 from '@carebridge/divisions';
import { caseworker, formFor } from '../testing/fixtures';
import type { ApplicationEvent } from './application';
import { createApplicationDecider } from './decide';

const spec = DeciderSpecification.for(createApplicationDecider(gbt2260));
const id = 'app-1';
const t = (minute: number) => `2020-09-01T0${Math.floor(minute / 60)}:${String(minute % 60).padStart(2, '0')}:00.000Z`;
const by = caseworker;
const form = formFor('major_illness', { medicalTotalFen: 6_000_000 });

const submitted: ApplicationEvent = {
  type: 'relief.ApplicationSubmitted',
  data: { applicationId: id, programmeId: 'jiangsu-2020', channel: 'direct', form, submittedAt: t(0), submittedBy: by },
};
const relief: ApplicationEvent = {
  type: 'relief.GovernmentReliefRecorded',
  data: {
    applicationId: id,
    recordId: 'g1',
    scheme: '医疗救助',
    amountFen: 0,
    grantedOn: '2020-08-20',
    recordedAt: t(1),
  },
};
const assessedEligible: ApplicationEvent = {
  type: 'relief.ApplicationAssessed',
  data: {
    applicationId: id,
    decision: 'eligible',
    amountFen: 1_000_000,
    ruleVersion: 'jiangsu-2020.1',
    assessedFigureFen: 6_000_000,
    reasons: [],
    basis: {
      zh: '突发重大疾病致医疗费用支出过大：认定金额 60,000.00 元，属 >= 50,000.00 元档，一次性救助 10,000.00 元（规则 jiangsu-2020.1）',
      en: 'Sudden major illness with excessive medical costs: assessed figure 60,000.00 yuan falls in the >= 50,000.00 yuan band; one-off payment 10,000.00 yuan (rules jiangsu-2020.1)',
    },
    formRevision: 2,
    assessedAt: t(2),
  },
};
const approved: ApplicationEvent = {
  type: 'relief.ApplicationApproved',
  data: {
    applicationId: id,
    standard: 'major_illness',
    amountFen: 1_000_000,
    ruleVersion: 'jiangsu-2020.1',
    city: '320300',
    at: t(3),
    by,
  },
};

const referral: EventOf<typeof ReferralRequested>['data'] = {
  referralId: 'ref-9',
  from: { programme: 'hotline', caseId: 'case-3', division: '320300' },
  to: 'relief',
  request: { kind: 'property_loss', note: '家中火灾' },
  person: { personRef: 'p-0001', name: '张三', division: '320321', isChild: false },
  requestedAt: t(0),
};
const drafted: ApplicationEvent = {
  type: 'relief.ApplicationDrafted',
  data: {
    applicationId: id,
    programmeId: 'jiangsu-2020',
    referral: { referralId: 'ref-9', fromProgramme: 'hotline', caseId: 'case-3', division: '320300' },
    person: { personRef: 'p-0001', name: '张三', division: '320321' },
    city: '320300',
    requestedStandard: 'property_loss',
    note: '家中火灾',
    draftedAt: t(1),
  },
};
const outcome = (
  o: 'received' | 'in_progress' | 'approved' | 'rejected' | 'paid' | 'withdrawn',
  minute: number,
  detail?: string,
): ApplicationEvent => ({
  type: 'referral.OutcomeReported',
  data: {
    referralId: 'ref-9',
    from: 'relief',
    to: 'hotline',
    targetRef: id,
    outcome: o,
    ...(detail ? { detail } : {}),
    reportedAt: t(minute),
  },
});

describe('application decider', () => {
  it('a referral becomes a draft and the referrer hears it was received, once', () => {
    spec
      .given([])
      .when({
        type: 'DraftFromReferral',
        applicationId: id,
        programmeId: 'jiangsu-2020',
        city: '320300',
        referral,
        at: t(1),
      })
      .then([drafted, outcome('received', 1)]);
    spec
      .given([drafted])
      .when({
        type: 'DraftFromReferral',
        applicationId: id,
        programmeId: 'jiangsu-2020',
        city: '320300',
        referral,
        at: t(2),
      })
      .thenNothingHappened();
  });

  it('completing a draft submits it and reports progress', () => {
    spec
      .given([drafted])
      .when({ type: 'CompleteDraft', form, at: t(2), by })
      .then([
        {
          type: 'relief.ApplicationSubmitted',
          data: {
            applicationId: id,
            programmeId: 'jiangsu-2020',
            channel: 'referral',
            form,
            submittedAt: t(2),
            submittedBy: by,
          },
        },
        outcome('in_progress', 2, 'submitted'),
      ]);
  });

  it('assesses with decision, amount, rule version and basis', () => {
    spec
      .given([submitted, relief])
      .when({ type: 'Assess', at: t(2), by })
      .then([assessedEligible]);
  });

  it('an assessment names every unmet condition', () => {
    const decider = createApplicationDecider(gbt2260);
    const [event] = decider.decide(
      { type: 'Assess', at: t(2), by, grantHeldBy: 'app-0' },
      [submitted].reduce(decider.evolve, decider.initialState()),
    );
    expect(event!.type).toBe('relief.ApplicationAssessed');
    const data = event!.data as { decision: string; reasons: { code: string }[] };
    expect(data.decision).toBe('ineligible');
    expect(data.reasons.map((r) => r.code)).toEqual(['government_relief_not_recorded', 'already_granted']);
  });

  it('approves an eligible, current assessment', () => {
    spec
      .given([submitted, relief, assessedEligible])
      .when({ type: 'Approve', at: t(3), by })
      .then([approved]);
  });

  it.each([
    ['an unassessed application', [submitted], /cannot approve an application that is submitted/],
    [
      'an ineligible one',
      [
        submitted,
        {
          ...assessedEligible,
          data: { ...assessedEligible.data, decision: 'ineligible', amountFen: 0, formRevision: 1 },
        },
      ],
      /ineligible/,
    ],
    [
      'one changed since assessment',
      [submitted, relief, assessedEligible, { ...relief, data: { ...relief.data, recordId: 'g2' } }],
      /cannot approve an application that is submitted/,
    ],
    [
      'an approved one',
      [submitted, relief, assessedEligible, approved],
      /cannot approve an application that is approved/,
    ],
    ['one that does not exist', [], /does not exist/],
  ] as const)('refuses to approve %s', (_label, given, message) => {
    spec
      .given([...given])
      .when({ type: 'Approve', at: t(4), by })
      .thenThrows(DomainRuleError, message);
  });

  it('rejecting an approved application releases its amount', () => {
    spec
      .given([submitted, relief, assessedEligible, approved])
      .when({ type: 'Reject', reason: '材料不实', at: t(4), by })
      .then([
        {
          type: 'relief.ApplicationRejected',
          data: { applicationId: id, reason: '材料不实', releasedFen: 1_000_000, at: t(4), by },
        },
      ]);
  });

  it('information requested, then supplied, then assessed again', () => {
    const requested: ApplicationEvent = {
      type: 'relief.InformationRequested',
      data: { applicationId: id, requested: '医疗费用发票', at: t(3), by },
    };
    spec
      .given([submitted, relief, assessedEligible])
      .when({ type: 'RequestInformation', requested: '医疗费用发票', at: t(3), by })
      .then([requested]);
    spec
      .given([submitted, relief, assessedEligible, requested])
      .when({ type: 'CompleteDraft', form, at: t(4), by })
      .then([{ type: 'relief.ApplicationAmended', data: { applicationId: id, form, amendedAt: t(4), amendedBy: by } }]);
    spec
      .given([submitted, relief, assessedEligible, requested])
      .when({ type: 'Approve', at: t(4), by })
      .thenThrows(DomainRuleError, /info_requested/);
  });

  it('disburses exactly the approved amount, once', () => {
    const disbursed: ApplicationEvent = {
      type: 'relief.DisbursementRecorded',
      data: {
        applicationId: id,
        amountFen: 1_000_000,
        paymentRef: 'PAY-1',
        paidOn: '2020-09-10',
        city: '320300',
        at: t(5),
        by,
      },
    };
    spec
      .given([submitted, relief, assessedEligible, approved])
      .when({
        type: 'RecordDisbursement',
        amountFen: 1_000_000,
        paymentRef: 'PAY-1',
        paidOn: '2020-09-10',
        at: t(5),
        by,
      })
      .then([disbursed]);
    spec
      .given([submitted, relief, assessedEligible, approved])
      .when({ type: 'RecordDisbursement', amountFen: 500_000, paymentRef: 'PAY-1', paidOn: '2020-09-10', at: t(5), by })
      .thenThrows(DomainRuleError, /approved amount 1000000 fen/);
    spec
      .given([submitted, relief, assessedEligible, approved, disbursed])
      .when({
        type: 'RecordDisbursement',
        amountFen: 1_000_000,
        paymentRef: 'PAY-1',
        paidOn: '2020-09-10',
        at: t(6),
        by,
      })
      .thenThrows(DomainRuleError, /disbursed/);
    spec
      .given([submitted, relief, assessedEligible, approved, disbursed])
      .when({ type: 'Withdraw', at: t(6), by })
      .thenThrows(DomainRuleError, /cannot withdraw an application that is disbursed/);
  });

  it('a referred application reports approval, payment and withdrawal back', () => {
    const submittedByReferral: ApplicationEvent = {
      type: 'relief.ApplicationSubmitted',
      data: { ...(submitted.data as object), channel: 'referral' } as never,
    };
    const history = [drafted, submittedByReferral, relief, assessedEligible];
    spec
      .given(history)
      .when({ type: 'Approve', at: t(3), by })
      .then([approved, outcome('approved', 3)]);
    spec
      .given([...history, approved])
      .when({ type: 'Withdraw', reason: '已自行解决', at: t(4), by })
      .then([
        {
          type: 'relief.ApplicationWithdrawn',
          data: { applicationId: id, reason: '已自行解决', releasedFen: 1_000_000, at: t(4), by },
        },
        outcome('withdrawn', 4),
      ]);
  });

  it('submitting an existing application is refused', () => {
    spec
      .given([submitted])
      .when({ type: 'Submit', applicationId: id, programmeId: 'jiangsu-2020', form, at: t(1), by })
      .thenThrows(DomainRuleError, /already exists/);
  });

  it('an application submitted after midnight China time on 30 June 2021 is outside the window', () => {
    const late: ApplicationEvent = {
      ...submitted,
      data: { ...(submitted.data as object), submittedAt: '2021-06-30T16:30:00.000Z' } as never,
    };
    const decider = createApplicationDecider(gbt2260);
    const state = [late, relief].reduce(decider.evolve, decider.initialState());
    const [event] = decider.decide({ type: 'Assess', at: '2021-06-30T17:00:00.000Z', by }, state);
    expect((event!.data as { reasons: { code: string }[] }).reasons.map((r) => r.code)).toEqual([
      'outside_programme_window',
    ]);
  });
});
