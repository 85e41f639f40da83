import { idNumberProblem, makeIdNumber } from './idNumber';

describe('GB 11643 ID numbers', () => {
  test.each([
    ['11010519491231002X', undefined],
    ['110105194912310021', 'check digit does not match (GB 11643)'],
    ['11010519491331002X', 'holds no valid birth date'],
    ['1101051949123100', 'must be 17 digits and a check digit or X (GB 11643)'],
    ['01010519491231002X', 'must be 17 digits and a check digit or X (GB 11643)'],
  ])('%s', (value, problem) => expect(idNumberProblem(value)).toBe(problem));

  it('builds numbers that pass the check', () =>
    expect(idNumberProblem(makeIdNumber('420102', '19800214', 17))).toBeUndefined());
});
