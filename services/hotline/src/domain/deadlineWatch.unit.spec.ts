import { DeciderSpecification } from '@carebridge/decider/testing';
import type { CaseEvent } from './caseState';
import { at, contact, DATONG, decider, handler, operator, T0 } from './testing/fixtures';

const spec = DeciderSpecification.for(decider);
const open = decider.decide(
  { type: 'OpenCase', data: { caseId: 'k-1', contacts: [contact()], at: T0, by: operator } },
  decider.initialState(),
);
const assigned = decider.decide(
  { type: 'AssignCase', data: { at: at(5), by: operator } },
  open.reduce(decider.evolve, decider.initialState()),
);
const given = [...open, ...assigned];
const check = (minutes: number) => ({ type: 'CheckDeadlines' as const, data: { now: at(minutes) } });
const breach: CaseEvent = {
  type: 'hotline.DeadlineBreached',
  data: { caseId: 'k-1', stage: 'acceptance', owner: 'county', dueAt: at(60), detectedAt: at(61) },
};
const toPrefecture: CaseEvent = {
  type: 'hotline.CaseEscalated',
  data: { caseId: 'k-1', to: 'prefecture', division: '630100', stage: 'acceptance', at: at(61) },
};
const toProvince: CaseEvent = {
  type: 'hotline.CaseEscalated',
  data: { caseId: 'k-1', to: 'province', division: '630000', stage: 'acceptance', at: at(121) },
};

// Emergency: accept within 60 minutes; each escalation step is 60 minutes (rules/deadlines.json).
describe('deadline watcher (emergency, unaccepted)', () => {
  test.each<[string, CaseEvent[], number, CaseEvent[]]>([
    ['nothing before the deadline', given, 59, []],
    ['nothing exactly at the deadline', given, 60, []],
    ['breach and escalation to the prefecture just after it', given, 61, [breach, toPrefecture]],
    ['no second breach nor prefecture escalation', [...given, breach, toPrefecture], 100, []],
    ['escalation to the province one step later', [...given, breach, toPrefecture], 121, [toProvince]],
    ['never again once at the province', [...given, breach, toPrefecture, toProvince], 1000, []],
    [
      'both levels at once when the watcher was down',
      given,
      121,
      [
        { ...breach, data: { ...breach.data, detectedAt: at(121) } },
        { ...toPrefecture, data: { ...toPrefecture.data, at: at(121) } },
        toProvince,
      ],
    ],
  ])('%s', (_name, history, minutes, expected) => spec.given(history).when(check(minutes)).then(expected));

  test('an accepted case is not escalated for acceptance', () => {
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
    spec
      .given([...given, accepted])
      .when(check(149))
      .then([]);
  });

  test('a closed case is never escalated', () => {
    spec
      .given([
        ...given,
        {
          type: 'hotline.ReplyRecorded',
          data: { caseId: 'k-1', channel: 'phone', summary: 's', at: at(10), by: operator },
        },
        {
          type: 'hotline.CaseClosed',
          data: { caseId: 'k-1', outcome: 'consultation_answered', summary: 's', at: at(11), by: operator },
        },
      ])
      .when(check(99999))
      .then([]);
  });
});
