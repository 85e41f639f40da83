import { directory, JILIN } from './dispatch/dispatchFixture';
import { orderViolations, registrationViolations, type OrderInput } from './validation';

const goodOrder: OrderInput = {
  need: 'medicine_delivery',
  community: JILIN,
  windowStart: '2020-02-17T14:30:00+08:00',
  windowEnd: '2020-02-17T22:00:00+08:00',
  urgency: 'urgent',
  requiredSkills: ['pharmacy'],
  estimatedHours: 7.5,
  requesterName: '王阿姨',
};

describe('order input', () => {
  test.each<[string, Partial<OrderInput>, string[]]>([
    ['a good order', {}, []],
    ['unknown skill', { requiredSkills: ['pharmacy', 'juggling'] }, ['required_skills[1]']],
    ['window ending before it starts', { windowEnd: '2020-02-17T14:00:00+08:00' }, ['window.end']],
    ['community that does not exist', { community: '420102012099' }, ['community']],
    ['negative hours', { estimatedHours: -2 }, ['estimated_hours']],
    [
      'all four at once, each named',
      {
        requiredSkills: ['juggling'],
        windowEnd: '2020-02-17T14:00:00+08:00',
        community: '999999999999',
        estimatedHours: -1,
      },
      ['community', 'window.end', 'required_skills[0]', 'estimated_hours'],
    ],
  ])('%s', (_name, change, fields) =>
    expect(orderViolations({ ...goodOrder, ...change }, directory).map((v) => v.field)).toEqual(fields),
  );
});

describe('registration input', () => {
  const good = {
    name: '叶九思',
    idNumber: '11010519491231002X',
    skills: ['pharmacy'],
    homeCommunity: JILIN,
    servedCommunities: [] as string[],
    availability: [{ weekday: 1, from: '14:00', to: '22:00' }],
    maxConcurrentTasks: 2,
    maxHoursPerDay: 8,
  };
  test.each<[string, Partial<typeof good>, string[]]>([
    ['a good registration', {}, []],
    ['bad check digit', { idNumber: '110105194912310021' }, ['id_number']],
    [
      'unknown skill and community',
      { skills: ['flying'], servedCommunities: ['420102012077'] },
      ['skills[0]', 'served_communities[0]'],
    ],
    [
      'slot ending before it starts',
      { availability: [{ weekday: 8, from: '18:00', to: '09:00' }] },
      ['availability[0].weekday', 'availability[0].to'],
    ],
    ['negative hours per day', { maxHoursPerDay: -1 }, ['max_hours_per_day']],
  ])('%s', (_name, change, fields) =>
    expect(registrationViolations({ ...good, ...change }, directory).map((v) => v.field)).toEqual(fields),
  );
});
