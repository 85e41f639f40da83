import { DomainRuleError } from '@carebridge/decider';
import { DeciderSpecification } from '@carebridge/decider/testing';
import type { CaseEvent } from './caseState';
import type { CaseCommand } from './caseCommands';
import { at, contact, DATONG, decider, handler, LEDU, operator, T0, XINING } from './testing/fixtures';

const spec = DeciderSpecification.for(decider);
const child = contact().child;

const opened: CaseEvent = {
  type: 'hotline.CaseOpened',
  data: {
    caseId: 'k-1',
    contactIds: ['c-1'],
    province: '630000',
    prefecture: XINING,
    child,
    caseType: 'rights_violation',
    urgency: 'emergency',
    ruleVersion: 'qinghai-12349-deadlines/2020-11',
    deadlines: [
      { stage: 'acceptance', dueAt: at(60), owner: 'county' },
      { stage: 'reply', dueAt: at(1440), owner: 'prefecture' },
      { stage: 'resolution', dueAt: at(10080), owner: 'county' },
    ],
    openedAt: T0,
    openedBy: operator,
  },
};
const assigned: CaseEvent = {
  type: 'hotline.CaseAssigned',
  data: { caseId: 'k-1', county: DATONG, assignedAt: at(5), assignedBy: operator },
};
const accepted: CaseEvent = {
  type: 'hotline.CaseAccepted',
  data: {
    caseId: 'k-1',
    county: DATONG,
    acceptedAt: at(30),
    acceptedBy: handler,
    dueAt: at(60),
    late: false,
    deadlines: [{ stage: 'firstAction', dueAt: at(150), owner: 'county' }],
  },
};
const replied: CaseEvent = {
  type: 'hotline.ReplyRecorded',
  data: { caseId: 'k-1', channel: 'phone', summary: 'told the caller', at: at(200), by: operator },
};
const closed: CaseEvent = {
  type: 'hotline.CaseClosed',
  data: { caseId: 'k-1', outcome: 'resolved', summary: 'safe', at: at(300), by: handler },
};
const referred: CaseEvent = {
  type: 'hotline.CaseReferred',
  data: {
    caseId: 'k-1',
    referralId: 'r-1',
    target: { kind: 'programme', programme: 'relief', request: 'temporary_assistance' },
    at: at(40),
    by: handler,
  },
};

/** A retention of 1,000 minutes after closure (at(300)), as an operator could set it. */
const purge = (minutes: number): CaseCommand => ({
  type: 'PurgeCase',
  data: { now: at(minutes), retentionMinutes: 1000, ruleVersion: 'hotline-retention/1' },
});
const purged: CaseEvent = {
  type: 'hotline.CasePurged',
  data: {
    caseId: 'k-1',
    closedAt: at(300),
    retentionMinutes: 1000,
    ruleVersion: 'hotline-retention/1',
    purgedAt: at(1301),
  },
};

type Row = [name: string, given: CaseEvent[], when: CaseCommand, then: CaseEvent[]];
const rows: Row[] = [
  [
    'opens a case from a contact with deadlines from the rules',
    [],
    { type: 'OpenCase', data: { caseId: 'k-1', contacts: [contact()], at: T0, by: operator } },
    [opened],
  ],
  [
    'takes the most urgent of several contacts',
    [],
    {
      type: 'OpenCase',
      data: {
        caseId: 'k-1',
        contacts: [contact({ urgency: 'normal' }), contact({ contactId: 'c-2', urgency: 'emergency' })],
        at: T0,
        by: operator,
      },
    },
    [{ ...opened, data: { ...opened.data, contactIds: ['c-1', 'c-2'] } }],
  ],
  [
    'opening twice with the same id changes nothing',
    [opened],
    { type: 'OpenCase', data: { caseId: 'k-1', contacts: [contact()], at: T0, by: operator } },
    [],
  ],
  [
    "assigns to the county of the child's location by default",
    [opened],
    { type: 'AssignCase', data: { at: at(5), by: operator } },
    [assigned],
  ],
  ['accepts in time', [opened, assigned], { type: 'AcceptCase', data: { at: at(30), by: handler } }, [accepted]],
  [
    'records a late acceptance as late',
    [opened, assigned],
    { type: 'AcceptCase', data: { at: at(90), by: handler } },
    [
      {
        type: 'hotline.CaseAccepted',
        data: {
          ...accepted.data,
          acceptedAt: at(90),
          late: true,
          deadlines: [{ stage: 'firstAction', dueAt: at(210), owner: 'county' }],
        },
      },
    ],
  ],
  [
    'records a visit',
    [opened, assigned, accepted],
    { type: 'RecordAction', data: { actionId: 'a-1', kind: 'visit', note: 'home visit', at: at(45), by: handler } },
    [
      {
        type: 'hotline.ActionRecorded',
        data: { caseId: 'k-1', actionId: 'a-1', kind: 'visit', note: 'home visit', at: at(45), by: handler },
      },
    ],
  ],
  [
    'refers to another hotline without a cross-programme event',
    [opened],
    {
      type: 'ReferCase',
      data: { referralId: 'r-110', target: { kind: 'hotline', number: '110' }, at: at(3), by: operator },
    },
    [
      {
        type: 'hotline.CaseReferred',
        data: {
          caseId: 'k-1',
          referralId: 'r-110',
          target: { kind: 'hotline', number: '110' },
          at: at(3),
          by: operator,
        },
      },
    ],
  ],
  [
    'refers to charity relief with referral.Requested',
    [opened, assigned, accepted],
    {
      type: 'ReferCase',
      data: {
        referralId: 'r-1',
        target: { kind: 'programme', programme: 'relief', request: 'temporary_assistance' },
        at: at(40),
        by: handler,
      },
    },
    [
      referred,
      {
        type: 'referral.Requested',
        data: {
          referralId: 'r-1',
          from: { programme: 'hotline', caseId: 'k-1', division: DATONG },
          to: 'relief',
          request: { kind: 'temporary_assistance' },
          person: { personRef: 'child-1', name: '小明', division: DATONG, isChild: true },
          requestedAt: at(40),
        },
      },
    ],
  ],
  [
    'puts a referral outcome on the case',
    [opened, assigned, accepted, referred],
    {
      type: 'RecordReferralOutcome',
      data: { referralId: 'r-1', outcome: 'received', targetRef: 'app-9', reportedAt: at(41), at: at(42) },
    },
    [
      {
        type: 'hotline.ReferralOutcomeRecorded',
        data: {
          caseId: 'k-1',
          referralId: 'r-1',
          outcome: 'received',
          targetRef: 'app-9',
          reportedAt: at(41),
          recordedAt: at(42),
        },
      },
    ],
  ],
  [
    'ignores a redelivered outcome',
    [
      opened,
      assigned,
      accepted,
      referred,
      {
        type: 'hotline.ReferralOutcomeRecorded',
        data: { caseId: 'k-1', referralId: 'r-1', outcome: 'received', reportedAt: at(41), recordedAt: at(42) },
      },
    ],
    { type: 'RecordReferralOutcome', data: { referralId: 'r-1', outcome: 'received', reportedAt: at(41), at: at(50) } },
    [],
  ],
  [
    'records the unified reply',
    [opened],
    { type: 'RecordReply', data: { channel: 'phone', summary: 'told the caller', at: at(200), by: operator } },
    [replied],
  ],
  [
    'closes after the reply',
    [opened, assigned, accepted, replied],
    { type: 'CloseCase', data: { outcome: 'resolved', summary: 'safe', at: at(300), by: handler } },
    [closed],
  ],
  [
    'reopens with a new reply and resolution due',
    [opened, replied, closed],
    { type: 'ReopenCase', data: { reason: 'new call', at: at(400), by: operator } },
    [
      {
        type: 'hotline.CaseReopened',
        data: {
          caseId: 'k-1',
          reason: 'new call',
          at: at(400),
          by: operator,
          deadlines: [
            { stage: 'reply', dueAt: at(1840), owner: 'prefecture' },
            { stage: 'resolution', dueAt: at(10480), owner: 'county' },
          ],
        },
      },
    ],
  ],
  ['purges a closed case once its retention has run out', [opened, replied, closed], purge(1301), [purged]],
  ['purges once', [opened, replied, closed, purged], purge(2000), []],
  [
    'a purged case has no deadlines left to check',
    [opened, purged],
    { type: 'CheckDeadlines', data: { now: at(99999) } },
    [],
  ],
];

describe('case decider', () => {
  test.each(rows)('%s', (_name, given, when, then) => spec.given(given).when(when).then(then));

  type Refusal = [name: string, given: CaseEvent[], when: CaseCommand, message: RegExp];
  const refusals: Refusal[] = [
    [
      'no contacts',
      [],
      { type: 'OpenCase', data: { caseId: 'k-1', contacts: [], at: T0, by: operator } },
      /at least one contact/,
    ],
    [
      'contact already on another case',
      [],
      { type: 'OpenCase', data: { caseId: 'k-2', contacts: [{ ...contact(), caseId: 'k-1' }], at: T0, by: operator } },
      /already belongs/,
    ],
    [
      'contacts of two prefectures',
      [],
      {
        type: 'OpenCase',
        data: {
          caseId: 'k-1',
          contacts: [contact(), contact({ contactId: 'c-2', child: { ...child, locationDivision: LEDU } })],
          at: T0,
          by: operator,
        },
      },
      /same prefecture/,
    ],
    [
      "assign to a county that is not the child's",
      [opened],
      { type: 'AssignCase', data: { county: '630102', at: at(5), by: operator } },
      /county of the child/,
    ],
    ['accept before assignment', [opened], { type: 'AcceptCase', data: { at: at(5), by: handler } }, /not assigned/],
    [
      'act before acceptance',
      [opened, assigned],
      { type: 'RecordAction', data: { actionId: 'a', kind: 'visit', note: 'x', at: at(9), by: handler } },
      /accept the case/,
    ],
    [
      'close without a reply',
      [opened, assigned, accepted],
      { type: 'CloseCase', data: { outcome: 'resolved', summary: 's', at: at(99), by: handler } },
      /unified reply/,
    ],
    [
      'close twice',
      [opened, replied, closed],
      { type: 'CloseCase', data: { outcome: 'resolved', summary: 's', at: at(999), by: handler } },
      /closed/,
    ],
    [
      'reopen an open case',
      [opened],
      { type: 'ReopenCase', data: { reason: 'r', at: at(9), by: operator } },
      /only a closed case/,
    ],
    [
      'outcome of an unknown referral',
      [opened],
      {
        type: 'RecordReferralOutcome',
        data: { referralId: 'nope', outcome: 'received', reportedAt: at(1), at: at(2) },
      },
      /not on this case/,
    ],
    [
      'reply on a closed case',
      [opened, replied, closed],
      { type: 'RecordReply', data: { channel: 'phone', summary: 's', at: at(999), by: operator } },
      /reopen/,
    ],
    ['purge an open case', [opened], purge(99999), /only a closed case/],
    ['purge before the retention ran out', [opened, replied, closed], purge(1300), /has not run out/],
    [
      'purge a reopened case',
      [
        opened,
        replied,
        closed,
        {
          type: 'hotline.CaseReopened',
          data: { caseId: 'k-1', reason: 'r', at: at(400), by: operator, deadlines: [] },
        },
      ],
      purge(99999),
      /only a closed case/,
    ],
    [
      'reopen a purged case',
      [opened, replied, closed, purged],
      { type: 'ReopenCase', data: { reason: 'r', at: at(2000), by: operator } },
      /purged at the end of its retention/,
    ],
  ];
  test.each(refusals)('refuses: %s', (_name, given, when, message) =>
    spec.given(given).when(when).thenThrows(DomainRuleError, message),
  );
});
