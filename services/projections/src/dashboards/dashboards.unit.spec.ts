import { evolveHotlineCase, type HotlineCaseRow } from './hotlineCases';
import { evolveReferral, type ReferralRow } from './referralConversion';
import { evolveReliefApplication, type ReliefApplicationRow } from './reliefApplications';
import { conversionOf, fundUseOf, hotlineCellsOf } from './summaries';

type E = { type: string; data: Record<string, unknown> };
const foldCase = (events: E[]) => events.reduce<HotlineCaseRow | undefined>(evolveHotlineCase, undefined);
const foldApp = (events: E[]) =>
  events.reduce<ReliefApplicationRow | undefined>((r, e) => evolveReliefApplication(r, e), undefined)!;
const foldReferral = (events: E[]) => events.reduce<ReferralRow | undefined>(evolveReferral, undefined);

const open = (caseId: string, prefecture = '630100', caseType = 'living_hardship'): E => ({
  type: 'hotline.CaseOpened',
  data: { caseId, province: '630000', prefecture, caseType, urgency: 'urgent', openedAt: '2020-10-10T08:00:00Z' },
});

describe('hotline cases dashboard', () => {
  it('follows status and counts a late acceptance or a breach once per stage', () => {
    const row = foldCase([
      open('c1'),
      { type: 'hotline.CaseAssigned', data: { caseId: 'c1', county: '630121' } },
      { type: 'hotline.CaseAccepted', data: { caseId: 'c1', county: '630121', late: true } },
      { type: 'hotline.DeadlineBreached', data: { caseId: 'c1', stage: 'acceptance' } },
      { type: 'hotline.DeadlineBreached', data: { caseId: 'c1', stage: 'reply' } },
      { type: 'hotline.CaseEscalated', data: { caseId: 'c1', to: 'prefecture' } },
    ])!;
    expect(row).toMatchObject({
      status: 'accepted',
      county: '630121',
      breachedStages: ['acceptance', 'reply'],
      escalations: 1,
    });
    const closed = evolveHotlineCase(row, {
      type: 'hotline.CaseClosed',
      data: { caseId: 'c1', at: '2020-10-11T08:00:00Z' },
    });
    expect(closed).toMatchObject({ status: 'closed', closedAt: '2020-10-11T08:00:00Z' });
  });

  it('groups by prefecture, type and status with the share of cases that met every deadline', () => {
    const late = foldCase([
      open('c2'),
      { type: 'hotline.CaseAccepted', data: { caseId: 'c2', county: '630121', late: true } },
    ])!;
    const onTime = foldCase([
      open('c3'),
      { type: 'hotline.CaseAccepted', data: { caseId: 'c3', county: '630121', late: false } },
    ])!;
    const other = foldCase([open('c4', '630200', 'psychological_support')])!;
    expect(hotlineCellsOf([late, onTime, other])).toEqual([
      { prefecture: '630100', caseType: 'living_hardship', status: 'accepted', cases: 2, breached: 1, compliance: 0.5 },
      { prefecture: '630200', caseType: 'psychological_support', status: 'open', cases: 1, breached: 0, compliance: 1 },
    ]);
  });
});

describe('relief fund use', () => {
  it('sums approved, paid and released fen by city and standard', () => {
    const paid = foldApp([
      {
        type: 'relief.ApplicationSubmitted',
        data: { applicationId: 'a1', channel: 'direct', form: { city: '320300', standard: 'property_loss' } },
      },
      {
        type: 'relief.ApplicationApproved',
        data: { applicationId: 'a1', standard: 'property_loss', amountFen: 500000, city: '320300' },
      },
      { type: 'relief.DisbursementRecorded', data: { applicationId: 'a1', amountFen: 500000, city: '320300' } },
    ]);
    const withdrawn = foldApp([
      {
        type: 'relief.ApplicationApproved',
        data: { applicationId: 'a2', standard: 'property_loss', amountFen: 500000, city: '320300' },
      },
      { type: 'relief.ApplicationWithdrawn', data: { applicationId: 'a2', releasedFen: 500000 } },
    ]);
    const illness = foldApp([
      {
        type: 'relief.ApplicationApproved',
        data: { applicationId: 'a3', standard: 'major_illness', amountFen: 1000000, city: '320800' },
      },
    ]);
    expect(paid).toMatchObject({ status: 'paid', channel: 'direct', paidFen: 500000 });
    expect(fundUseOf([paid, withdrawn, illness])).toEqual([
      {
        city: '320300',
        standard: 'property_loss',
        applications: 2,
        approved: 2,
        approvedFen: 1000000,
        paid: 1,
        paidFen: 500000,
        releasedFen: 500000,
      },
      {
        city: '320800',
        standard: 'major_illness',
        applications: 1,
        approved: 1,
        approvedFen: 1000000,
        paid: 0,
        paidFen: 0,
        releasedFen: 0,
      },
    ]);
  });
});

describe('referral conversion', () => {
  const requested = (id: string, at: string): E => ({
    type: 'referral.Requested',
    data: {
      referralId: id,
      from: { programme: 'hotline', caseId: 'c', division: '630121' },
      to: 'relief',
      requestedAt: at,
    },
  });
  const report = (id: string, outcome: string, at: string): E => ({
    type: 'referral.OutcomeReported',
    data: { referralId: id, from: 'relief', to: 'hotline', targetRef: `ref-${id}`, outcome, reportedAt: at },
  });

  it('keeps the first time each stage was reached; a later stage fills the earlier ones', () => {
    expect(
      foldReferral([
        requested('r1', '2020-10-10T00:00:00Z'),
        report('r1', 'received', '2020-10-10T01:00:00Z'),
        report('r1', 'approved', '2020-10-11T00:00:00Z'),
        report('r1', 'paid', '2020-10-12T00:00:00Z'),
      ]),
    ).toMatchObject({
      appliedAt: '2020-10-11T00:00:00Z',
      approvedAt: '2020-10-11T00:00:00Z',
      paidAt: '2020-10-12T00:00:00Z',
      targetRef: 'ref-r1',
    });
  });

  it('counts each stage with the median hours from the stage before', () => {
    const r1 = foldReferral([
      requested('r1', '2020-10-10T00:00:00Z'),
      report('r1', 'in_progress', '2020-10-10T02:00:00Z'),
      report('r1', 'approved', '2020-10-11T02:00:00Z'),
      report('r1', 'paid', '2020-10-12T02:00:00Z'),
    ])!;
    const r2 = foldReferral([
      requested('r2', '2020-10-10T00:00:00Z'),
      report('r2', 'in_progress', '2020-10-10T04:00:00Z'),
      report('r2', 'rejected', '2020-10-11T00:00:00Z'),
    ])!;
    const r3 = foldReferral([requested('r3', '2020-10-10T00:00:00Z')])!;
    expect(conversionOf([r1, r2, r3])).toEqual([
      {
        to: 'relief',
        referred: 3,
        applied: { count: 2, medianHoursFromPrevious: 3 },
        approved: { count: 1, medianHoursFromPrevious: 24 },
        paid: { count: 1, medianHoursFromPrevious: 24 },
        closedWithoutHelp: 1,
      },
    ]);
  });
});
