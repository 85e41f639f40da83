import { applyJourneyChange } from './applyJourneyChange';
import { journeyChangeOf, settleReporter, type JourneyEvent } from './journeyChanges';
import type { JourneyDoc } from './journeyTypes';

const by = (role: string, division: string) => ({ subject: 'someone', role, division });
const event = (
  eventId: string,
  type: string,
  data: Record<string, unknown>,
  time = '2020-10-10T08:00:00.000Z',
  streamId = `s-${eventId}`,
  version = 1,
): JourneyEvent => ({
  eventId,
  type,
  data,
  time: new Date(time),
  streamId,
  version,
});

const opened = event('e1', 'hotline.CaseOpened', {
  caseId: 'c1',
  province: '630000',
  prefecture: '630100',
  child: { childRef: 'ch-1', name: { sealed: 'v1' } },
  caseType: 'living_hardship',
  urgency: 'urgent',
  openedAt: '2020-10-10T08:00:00.000Z',
  openedBy: by('hotline.operator', '630100'),
});
const accepted = event('e2', 'hotline.CaseAccepted', {
  caseId: 'c1',
  county: '630121',
  acceptedAt: '2020-10-10T09:00:00.000Z',
  acceptedBy: by('hotline.handler', '630121'),
  late: false,
});
const requested = event('e3', 'referral.Requested', {
  referralId: 'r1',
  from: { programme: 'hotline', caseId: 'c1', division: '630121' },
  to: 'relief',
  request: { kind: 'property_loss' },
  person: { personRef: 'ch-1', name: 'Zhuoma', isChild: true },
  requestedAt: '2020-10-10T10:00:00.000Z',
});
const drafted = event('e4', 'relief.ApplicationDrafted', {
  applicationId: 'ref-r1',
  referral: { referralId: 'r1', fromProgramme: 'hotline', caseId: 'c1', division: '630121' },
  person: { personRef: 'ch-1', name: 'Zhuoma' },
  city: '630100',
  draftedAt: '2020-10-10T11:00:00.000Z',
});
const approved = event('e5', 'relief.ApplicationApproved', {
  applicationId: 'ref-r1',
  standard: 'property_loss',
  amountFen: 500000,
  city: '320300',
  at: '2020-10-12T08:00:00.000Z',
  by: by('relief.caseworker', '320300'),
});

const fold = (events: JourneyEvent[]): JourneyDoc | undefined =>
  events.reduce<JourneyDoc | undefined>((doc, e) => {
    const change = journeyChangeOf(e);
    return change ? applyJourneyChange(doc, 'hotline:c1', change) : doc;
  }, undefined);

describe('journey changes', () => {
  it('finds the journey: hotline events and referrals by case, relief drafts by the referring case, later relief events by application', () => {
    expect(journeyChangeOf(opened)!.target).toEqual({ journeyId: 'hotline:c1' });
    expect(journeyChangeOf(requested)).toMatchObject({
      target: { journeyId: 'hotline:c1' },
      links: ['referral:r1'],
      receiving: 'relief',
      personRefs: ['ch-1'],
    });
    expect(journeyChangeOf(drafted)).toMatchObject({
      target: { journeyId: 'hotline:c1' },
      links: ['application:ref-r1'],
    });
    expect(journeyChangeOf(approved)!.target).toEqual({ applicationId: 'ref-r1' });
    expect(journeyChangeOf(event('x', 'hotline.ContactRecorded', { contactId: 'k' }))).toBeUndefined();
    expect(journeyChangeOf(event('x', 'dispatch.OrderPlaced', { orderId: 'o' }))).toBeUndefined();
  });

  it('a step carries programme, type, actor role, division, time and non-personal detail only', () => {
    expect(journeyChangeOf(approved)!.step).toEqual({
      id: 'e5',
      programme: 'relief',
      step: 'ApplicationApproved',
      ref: 'ref-r1',
      actorRole: 'relief.caseworker',
      division: '320300',
      at: '2020-10-12T08:00:00.000Z',
      recordedAt: '2020-10-10T08:00:00.000Z',
      stream: 's-e5',
      version: 1,
      detail: { amountFen: 500000, standard: 'property_loss' },
    });
    const text = JSON.stringify([opened, requested, drafted].map((e) => journeyChangeOf(e)));
    expect(text).not.toContain('Zhuoma');
    expect(text).not.toContain('sealed');
  });

  it('keeps steps in time order whatever order they arrive in, and a redelivery changes nothing', () => {
    const inOrder = fold([opened, accepted, requested, drafted, approved])!;
    const shuffled = fold([approved, requested, opened, drafted, accepted, requested, opened])!;
    expect(shuffled.steps).toEqual(inOrder.steps);
    expect(inOrder.steps.map((s) => s.step)).toEqual([
      'CaseOpened',
      'CaseAccepted',
      'Requested',
      'ApplicationDrafted',
      'ApplicationApproved',
    ]);
    expect(inOrder).toMatchObject({
      hotline: { caseId: 'c1', prefecture: '630100', county: '630121', status: 'accepted' },
      relief: [{ applicationId: 'ref-r1', city: '320300', standard: 'property_loss', status: 'approved' }],
      referrals: [{ referralId: 'r1', to: 'relief', status: 'requested' }],
      personRefs: ['ch-1'],
      startedAt: '2020-10-10T08:00:00.000Z',
      updatedAt: '2020-10-12T08:00:00.000Z',
    });
  });

  it('at one instant a referral request comes before the draft it caused, and an outcome report after both', () => {
    const same = '2020-10-10T10:00:00.000Z';
    const req = { ...requested, eventId: 'zz' };
    const draft = { ...drafted, eventId: 'aa', data: { ...drafted.data, draftedAt: same } };
    const report = event('mm', 'hotline.ReferralOutcomeRecorded', {
      caseId: 'c1',
      referralId: 'r1',
      outcome: 'received',
      reportedAt: same,
      recordedAt: same,
    });
    expect(fold([report, draft, req])!.steps.map((s) => s.step)).toEqual([
      'Requested',
      'ApplicationDrafted',
      'ReferralOutcomeRecorded',
    ]);
  });

  it('two steps of one record at one instant keep their stream order, whatever their ids', () => {
    const same = '2020-10-10T11:00:00.000Z';
    const draft = event(
      'zz',
      'relief.ApplicationDrafted',
      { ...drafted.data, draftedAt: same },
      same,
      'application-ref-r1',
      1,
    );
    const submitted = event(
      'aa',
      'relief.ApplicationSubmitted',
      { applicationId: 'ref-r1', city: '320300', submittedAt: same },
      same,
      'application-ref-r1',
      2,
    );
    expect(fold([submitted, draft])!.steps.map((s) => s.step)).toEqual(['ApplicationDrafted', 'ApplicationSubmitted']);
    expect(fold([draft, submitted])!.steps.map((s) => s.step)).toEqual(['ApplicationDrafted', 'ApplicationSubmitted']);
  });

  it('a referral outcome names its possible reporters; relief outcomes are settled by the projection', () => {
    const outcome = journeyChangeOf(
      event('e6', 'referral.OutcomeReported', {
        referralId: 'r1',
        from: 'dispatch',
        to: 'hotline',
        targetRef: 'o-1',
        outcome: 'completed',
        reportedAt: '2020-10-13T08:00:00.000Z',
      }),
    )!;
    expect(outcome).toMatchObject({
      target: { referralId: 'r1' },
      reporters: ['dispatch', 'hotline'],
      step: { ref: 'o-1', detail: { outcome: 'completed' } },
    });
  });

  it("relief's report of an outcome moves the referral's status and adds no step; another programme's adds one", () => {
    const reported = (from: string, to: string, outcome: string) =>
      journeyChangeOf(
        event(`report-${from}`, 'referral.OutcomeReported', {
          referralId: 'r1',
          from,
          to,
          targetRef: 'ref-r1',
          outcome,
          reportedAt: '2020-10-13T08:00:00.000Z',
        }),
      )!;
    const before = fold([opened, accepted, requested, drafted])!;
    const byRelief = settleReporter(reported('relief', 'hotline', 'rejected'), 'relief')!;
    const afterRelief = applyJourneyChange(before, 'hotline:c1', byRelief);
    expect(afterRelief.referrals).toEqual([{ referralId: 'r1', to: 'relief', status: 'rejected' }]);
    expect(afterRelief.steps).toEqual(before.steps);

    const byDispatch = settleReporter(reported('hotline', 'dispatch', 'completed'), 'dispatch')!;
    const afterDispatch = applyJourneyChange(before, 'hotline:c1', byDispatch);
    expect(afterDispatch.referrals).toEqual([{ referralId: 'r1', to: 'dispatch', status: 'completed' }]);
    expect(afterDispatch.steps.map((s) => `${s.programme} ${s.step}`).at(-1)).toBe('dispatch OutcomeReported');
  });

  it('a purged hotline case keeps its steps without particulars; the person stays while relief holds them', () => {
    const purged = event('e9', 'hotline.CasePurged', {
      caseId: 'c1',
      closedAt: '2020-10-20T08:00:00.000Z',
      retentionMinutes: 60,
      ruleVersion: 'hotline-retention/1',
      purgedAt: '2020-10-20T10:00:00.000Z',
    });
    const journey = fold([opened, accepted, requested, drafted, approved, purged])!;
    expect(journey.hotline).toEqual({
      caseId: 'c1',
      province: '630000',
      prefecture: '630100',
      county: '630121',
      status: 'purged',
    });
    const hotlineSteps = journey.steps.filter((s) => s.programme === 'hotline');
    expect(hotlineSteps.map((s) => s.step)).toEqual(['CaseOpened', 'CaseAccepted', 'Requested', 'CasePurged']);
    expect(hotlineSteps.filter((s) => s.detail)).toEqual([]);
    expect(journey.steps.find((s) => s.step === 'ApplicationApproved')?.detail).toMatchObject({ amountFen: 500000 });
    expect(journey.personRefs).toEqual(['ch-1']);
    // A case nobody else holds the person for: the link goes with it.
    expect(fold([opened, accepted, purged])!.personRefs).toEqual([]);
  });
});
