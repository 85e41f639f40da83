import { volunteerStreamId } from './candidateIndex';
import { ACROSS_RIVER, JILIN, NEXT_DOOR, at, directory, indexOf, request, type VolunteerSpec } from './dispatchFixture';
import { rankCandidates, type DispatchRequest } from './rankCandidates';

type Row = {
  name: string;
  volunteers: VolunteerSpec[];
  order?: Partial<DispatchRequest> & { from?: string; to?: string };
  ranked: string[];
  ruledOut?: Record<string, string>;
};

const run = (row: Row) => rankCandidates(request(row.order), indexOf(row.volunteers), directory);
const check = (row: Row) => {
  const decision = run(row);
  expect(decision.ranked.map((r) => r.volunteerId)).toEqual(row.ranked);
  expect(Object.fromEntries(decision.ruledOut.map((r) => [r.volunteerId, r.rule]))).toEqual(row.ruledOut ?? {});
};

describe('same-community preference', () => {
  test.each<Row>([
    {
      name: 'own community before the neighbour',
      volunteers: [
        { id: 'next', home: NEXT_DOOR },
        { id: 'own', home: JILIN },
      ],
      ranked: ['own', 'next'],
    },
    {
      name: 'a volunteer who serves the community counts as same-community',
      volunteers: [
        { id: 'next', home: NEXT_DOOR },
        { id: 'serving', home: ACROSS_RIVER, serves: [JILIN] },
      ],
      ranked: ['serving', 'next'],
    },
    {
      name: 'communities that are not neighbours are not asked',
      volunteers: [{ id: 'far', home: ACROSS_RIVER }],
      ranked: [],
    },
    {
      name: 'the neighbour steps in when the community has nobody',
      volunteers: [{ id: 'next', home: NEXT_DOOR }],
      ranked: ['next'],
    },
  ])('$name', check);

  it('says which tier each candidate came from', () => {
    const decision = run({ name: '', volunteers: [{ id: 'next', home: NEXT_DOOR }, { id: 'own' }], ranked: [] });
    expect(decision.ranked.map((r) => [r.volunteerId, r.tier, r.reasons[0]])).toEqual([
      ['own', 'same_community', `community: serves ${JILIN}`],
      ['next', 'neighbour', `community: serves a neighbour of ${JILIN}`],
    ]);
  });
});

describe('skill filter', () => {
  test.each<Row>([
    {
      name: 'medicine needs pharmacy knowledge',
      volunteers: [
        { id: 'ye', skills: ['pharmacy'] },
        { id: 'driver', skills: ['driving'] },
      ],
      order: { requiredSkills: ['pharmacy'] },
      ranked: ['ye'],
      ruledOut: { driver: 'skills' },
    },
    {
      name: 'every required skill, not just one',
      volunteers: [
        { id: 'both', skills: ['medical', 'driving'] },
        { id: 'medic', skills: ['medical'] },
      ],
      order: { requiredSkills: ['medical', 'driving'] },
      ranked: ['both'],
      ruledOut: { medic: 'skills' },
    },
    {
      name: 'no skill required: anyone serving',
      volunteers: [{ id: 'a', skills: [] }],
      order: { requiredSkills: [] },
      ranked: ['a'],
    },
    {
      name: 'suspended volunteers are never offered',
      volunteers: [{ id: 's', skills: ['pharmacy'], suspended: true }],
      order: { requiredSkills: ['pharmacy'] },
      ranked: [],
      ruledOut: { s: 'active' },
    },
  ])('$name', check);
});

describe('availability window', () => {
  const mondayMornings = [{ weekday: 1, from: '08:00', to: '12:00' }];
  test.each<Row>([
    {
      name: 'window inside the slot',
      volunteers: [{ id: 'a', availability: mondayMornings }],
      order: { from: '09:00', to: '11:00' },
      ranked: ['a'],
    },
    {
      name: 'window running past the slot',
      volunteers: [{ id: 'a', availability: mondayMornings }],
      order: { from: '11:00', to: '13:00' },
      ranked: [],
      ruledOut: { a: 'availability' },
    },
    {
      name: 'touching slots join up',
      volunteers: [{ id: 'a', availability: [...mondayMornings, { weekday: 1, from: '12:00', to: '18:00' }] }],
      order: { from: '11:00', to: '13:00' },
      ranked: ['a'],
    },
    {
      name: 'another weekday',
      volunteers: [{ id: 'a', availability: [{ weekday: 2, from: '08:00', to: '12:00' }] }],
      order: { from: '09:00', to: '11:00' },
      ranked: [],
      ruledOut: { a: 'availability' },
    },
    {
      name: 'the 14:30-22:00 queue needs the evening too',
      volunteers: [{ id: 'a', availability: [{ weekday: 1, from: '14:00', to: '18:00' }] }, { id: 'b' }],
      order: { from: '14:30', to: '22:00' },
      ranked: ['b'],
      ruledOut: { a: 'availability' },
    },
  ])('$name', check);
});

describe('load cap', () => {
  test.each<Row>([
    {
      name: 'at the concurrent cap',
      volunteers: [
        {
          id: 'full',
          caps: { maxConcurrentTasks: 1, maxMinutesPerDay: 480 },
          holding: [{ orderId: 'x', from: '08:00', to: '09:00', confirmed: true }],
        },
        { id: 'free' },
      ],
      ranked: ['free'],
      ruledOut: { full: 'load_cap' },
    },
    {
      name: 'below the cap with a later task',
      volunteers: [
        {
          id: 'one',
          caps: { maxConcurrentTasks: 2, maxMinutesPerDay: 480 },
          holding: [{ orderId: 'x', from: '08:00', to: '09:00', confirmed: true }],
        },
      ],
      ranked: ['one'],
    },
    {
      name: 'overlapping window',
      volunteers: [{ id: 'busy', holding: [{ orderId: 'x', from: '15:00', to: '16:00', confirmed: true }] }],
      ranked: [],
      ruledOut: { busy: 'overlap' },
    },
    {
      name: 'hours per day',
      volunteers: [
        {
          id: 'tired',
          caps: { maxConcurrentTasks: 5, maxMinutesPerDay: 240 },
          holding: [{ orderId: 'x', from: '08:00', to: '10:00', confirmed: true }],
        },
      ],
      order: { from: '14:30', to: '17:30' },
      ranked: [],
      ruledOut: { tired: 'daily_hours' },
    },
    {
      name: 'hours already credited that day count',
      volunteers: [
        {
          id: 'done',
          caps: { maxConcurrentTasks: 5, maxMinutesPerDay: 240 },
          credited: [{ orderId: 'y', minutes: 120, day: '2020-02-17' }],
        },
      ],
      ranked: [],
      ruledOut: { done: 'daily_hours' },
    },
    {
      name: 'a lapsed, unaccepted offer no longer holds capacity',
      volunteers: [
        {
          id: 'lapsed',
          caps: { maxConcurrentTasks: 1, maxMinutesPerDay: 480 },
          holding: [{ orderId: 'x', from: '15:00', to: '16:00', holdUntil: at('07:00') }],
        },
      ],
      ranked: ['lapsed'],
    },
  ])('$name', check);
});

describe('fairness among equals', () => {
  test.each<Row>([
    {
      name: 'fewest minutes this week first',
      volunteers: [{ id: 'busy', credited: [{ orderId: 'y', minutes: 300, day: '2020-02-16' }] }, { id: 'rested' }],
      ranked: ['rested', 'busy'],
    },
    {
      name: 'last week does not count',
      volunteers: [
        { id: 'lastweek', credited: [{ orderId: 'y', minutes: 300, day: '2020-02-14' }] },
        { id: 'thisweek', credited: [{ orderId: 'z', minutes: 60, day: '2020-02-17' }] },
      ],
      ranked: ['lastweek', 'thisweek'],
    },
    {
      name: 'never assigned before the recently assigned',
      volunteers: [
        { id: 'recent', holding: [{ orderId: 'x', from: '08:00', to: '08:00', day: '2020-02-24' }] },
        { id: 'never' },
      ],
      order: { from: '14:30', to: '17:30' },
      ranked: ['never', 'recent'],
    },
  ])('$name', check);

  it('rotates through equals as orders are dispatched one after another', () => {
    const index = indexOf(
      [{ id: 'a' }, { id: 'b' }, { id: 'c' }].map((v) => ({
        ...v,
        caps: { maxConcurrentTasks: 10, maxMinutesPerDay: 1440 },
      })),
    );
    const chosen: string[] = [];
    for (let i = 0; i < 6; i++) {
      // Each order a week apart so "this week" is level; the assignment time is what rotates.
      const day = new Date(Date.parse('2020-02-17T00:00:00+08:00') + i * 7 * 86400000).toISOString().slice(0, 10);
      const base = request({ orderId: `order-${i}` });
      const span = { start: Date.parse(at('09:00', day)), end: Date.parse(at('10:00', day)) };
      const top = rankCandidates({ ...base, span, minutes: 60, now: span.start - 3600000 }, index, directory)
        .ranked[0]!;
      chosen.push(top.volunteerId);
      index.apply(volunteerStreamId(top.volunteerId), {
        type: 'dispatch.VolunteerTaskReserved',
        data: {
          orderId: `order-${i}`,
          window: { start: at('09:00', day), end: at('10:00', day) },
          minutes: 0,
          holdUntil: at('08:30', day),
          at: new Date(span.start - 3600000).toISOString(),
        },
      });
    }
    expect(new Set(chosen.slice(0, 3)).size).toBe(3);
    expect(chosen.slice(3)).toEqual(chosen.slice(0, 3));
  });
});

describe('timeout re-dispatch and nobody available', () => {
  test.each<Row>([
    {
      name: 'whoever let the offer lapse is skipped on re-dispatch',
      volunteers: [{ id: 'slow' }, { id: 'next' }],
      order: { passedOver: new Set(['slow']) },
      ranked: ['next'],
      ruledOut: { slow: 'passed_over' },
    },
    { name: 'nobody at all serves the community', volunteers: [], ranked: [] },
    {
      name: 'everyone ruled out, each by the first rule it fails',
      volunteers: [
        { id: 'nope', skills: [] },
        { id: 'off', skills: ['pharmacy'], suspended: true },
      ],
      order: { requiredSkills: ['pharmacy'] },
      ranked: [],
      ruledOut: { nope: 'skills', off: 'active' },
    },
  ])('$name', check);

  it('counts what ruled everyone out, for the unfilled report', () => {
    const decision = run({
      name: '',
      volunteers: [{ id: 'a' }, { id: 'b' }, { id: 'c', suspended: true }],
      order: { requiredSkills: ['pharmacy'] },
      ranked: [],
    });
    expect(decision).toMatchObject({
      considered: 3,
      ranked: [],
      ruledOutCounts: [
        { rule: 'active', count: 1 },
        { rule: 'skills', count: 2 },
      ],
    });
  });
});
