import { validateContact, type ContactInput } from './validateContact';
import { jurisdictions, T0 } from './testing/fixtures';

const good: ContactInput = {
  channel: 'phone',
  caller: { name: '王老师', phone: '13800000000', relation: 'teacher' },
  child: { name: '小明', age: 9, idNumber: '630121201701010013', locationDivision: '630121' },
  caseType: 'living_hardship',
  urgency: 'urgent',
  narrative: 'no food at home',
  receivedAt: T0,
};
const fields = (input: ContactInput) => validateContact(input, jurisdictions).map((v) => v.field);

describe('contact validation', () => {
  test('a good contact has no violations', () => expect(fields(good)).toEqual([]));

  test.each<[string, ContactInput, string[]]>([
    ['unknown case type', { ...good, caseType: 'gossip' }, ['caseType']],
    ['age below 0', { ...good, child: { ...good.child, age: -1 } }, ['child.age']],
    ['age above 17', { ...good, child: { ...good.child, age: 18 } }, ['child.age']],
    [
      'division outside the jurisdiction (Beijing)',
      { ...good, child: { ...good.child, locationDivision: '110101' } },
      ['child.locationDivision'],
    ],
    ['empty narrative', { ...good, narrative: '   ' }, ['narrative']],
    [
      'ID number with a wrong check digit',
      { ...good, child: { ...good.child, idNumber: '630121201701010011' } },
      ['child.idNumber'],
    ],
    [
      'birth date making an adult',
      { ...good, child: { ...good.child, age: undefined, birthDate: '2000-01-01' } },
      ['child.birthDate'],
    ],
    ['neither age nor birth date', { ...good, child: { ...good.child, age: undefined } }, ['child.age']],
    ['unknown channel and urgency', { ...good, channel: 'fax', urgency: 'asap' }, ['channel', 'urgency']],
    [
      'everything at once',
      {
        ...good,
        caseType: 'x',
        narrative: '',
        child: { ...good.child, age: 30, locationDivision: '110101' },
      },
      ['child.age', 'child.locationDivision', 'caseType', 'narrative'],
    ],
  ])('%s', (_name, input, expected) => expect(fields(input)).toEqual(expected));

  test('a birth date alone is enough and a prefecture-level location is served', () =>
    expect(fields({ ...good, child: { name: 'x', birthDate: '2019-05-01', locationDivision: '632700' } })).toEqual([]));
});
