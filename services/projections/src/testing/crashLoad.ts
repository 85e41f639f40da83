import { randomUUID } from 'node:crypto';
import { eventRegistry, toKafkaRecord } from '@carebridge/event-schema';
import type { OutgoingRecord } from '@carebridge/messaging';

const staff = (role: string, division: string) => ({ subject: `${role}-1`, role, division });
const minutes = (base: number, n: number) => new Date(base + n * 60_000).toISOString();

/** A marker that must never reach an analytics topic. */
export const loadName = (i: number) => `LOADCHILD${i}X`;

export const EVENTS_PER_SCENARIO = 14;
/** Journey steps per scenario: 5 case events, the referral, 4 relief events (relief's own outcome reports are not steps). */
export const STEPS_PER_SCENARIO = 10;

/**
 * One child case referred to relief and paid, as the hotline and relief relays would publish it: CloudEvents
 * records with correct keys, subjects and per-stream sequences (14 events on three topics).
 */
export const scenarioRecords = (i: number, topicOf: (base: string) => string): OutgoingRecord[] => {
  const caseId = `cs-${i}`;
  const referralId = `r-${i}`;
  const applicationId = `ref-${referralId}`;
  const base = Date.parse('2020-10-10T08:00:00.000Z') + i * 1000;
  const caseStream = `hotline-case-${caseId}`;
  const appStream = `relief-application-${applicationId}`;
  const outcome = (o: string, n: number) => ({
    type: 'referral.OutcomeReported',
    data: {
      referralId,
      from: 'relief',
      to: 'hotline',
      targetRef: applicationId,
      outcome: o,
      reportedAt: minutes(base, n),
    },
  });
  const handler = staff('hotline.handler', '630121');
  const caseworker = staff('relief.caseworker', '320300');
  const caseEvents = [
    {
      type: 'hotline.CaseOpened',
      data: {
        caseId,
        contactIds: [`ct-${i}`],
        province: '630000',
        prefecture: '630100',
        child: { childRef: `ch-${i}`, name: loadName(i), locationDivision: '630121' },
        caseType: 'living_hardship',
        urgency: 'urgent',
        ruleVersion: 'qh-2020',
        deadlines: [],
        openedAt: minutes(base, 0),
        openedBy: staff('hotline.operator', '630100'),
      },
    },
    {
      type: 'hotline.CaseAssigned',
      data: { caseId, county: '630121', assignedAt: minutes(base, 1), assignedBy: staff('hotline.operator', '630100') },
    },
    {
      type: 'hotline.CaseAccepted',
      data: {
        caseId,
        county: '630121',
        acceptedAt: minutes(base, 2),
        acceptedBy: handler,
        dueAt: minutes(base, 2),
        late: i % 10 === 0,
        deadlines: [],
      },
    },
    {
      type: 'hotline.CaseReferred',
      data: {
        caseId,
        referralId,
        target: { kind: 'programme', programme: 'relief', request: 'property_loss' },
        at: minutes(base, 3),
        by: handler,
      },
    },
    {
      type: 'referral.Requested',
      data: {
        referralId,
        from: { programme: 'hotline', caseId, division: '630121' },
        to: 'relief',
        request: { kind: 'property_loss' },
        person: { personRef: `ch-${i}`, name: loadName(i), division: '630121', isChild: true },
        requestedAt: minutes(base, 3),
      },
    },
    {
      type: 'hotline.CaseClosed',
      data: { caseId, outcome: 'referred', summary: 'referred', at: minutes(base, 60), by: handler },
    },
  ];
  const appEvents = [
    {
      type: 'relief.ApplicationDrafted',
      data: {
        applicationId,
        programmeId: 'jiangsu-2020',
        referral: { referralId, fromProgramme: 'hotline', caseId, division: '630121' },
        person: { personRef: `ch-${i}`, name: loadName(i), division: '630121' },
        city: '630100',
        draftedAt: minutes(base, 4),
      },
    },
    outcome('received', 4),
    {
      type: 'relief.ApplicationSubmitted',
      data: {
        applicationId,
        programmeId: 'jiangsu-2020',
        channel: 'referral',
        form: {
          applicant: { name: `${loadName(i)}P`, idNumber: '320311198503140045' },
          personRef: `p-${i}`,
          householdDivision: '320311',
          city: '320300',
          standard: 'property_loss',
          amounts: { propertyLossFen: 6_000_000 },
        },
        submittedAt: minutes(base, 5),
        submittedBy: caseworker,
      },
    },
    outcome('in_progress', 5),
    {
      type: 'relief.ApplicationApproved',
      data: {
        applicationId,
        standard: 'property_loss',
        amountFen: 500_000,
        ruleVersion: 'jiangsu-2020',
        city: '320300',
        at: minutes(base, 6),
        by: caseworker,
      },
    },
    outcome('approved', 6),
    {
      type: 'relief.DisbursementRecorded',
      data: {
        applicationId,
        amountFen: 500_000,
        paymentRef: `PAY-${i}`,
        paidOn: '2020-10-12',
        city: '320300',
        at: minutes(base, 7),
        by: caseworker,
      },
    },
    outcome('paid', 7),
  ];
  const records = (stream: string, events: { type: string; data: Record<string, unknown> }[], source: string) =>
    events.map((e, n) => {
      const r = toKafkaRecord(
        {
          eventId: randomUUID(),
          streamId: stream,
          version: n + 1,
          type: e.type,
          schemaVersion: 1,
          data: e.data,
          recordedAt: new Date(base + n),
        },
        { source },
      );
      return { topic: topicOf(eventRegistry.latest(e.type)!.topic), ...r };
    });
  return [...records(caseStream, caseEvents, 'hotline'), ...records(appStream, appEvents, 'relief-intake')];
};
