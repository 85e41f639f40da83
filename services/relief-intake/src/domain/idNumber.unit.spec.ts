import { checkCharacter, idNumberProblem } from './idNumber';

describe('GB 11643 ID numbers', () => {
  // 11010519491231002X is the worked example published with GB 11643-1999.
  it.each([
    ['11010519491231002X', undefined],
    ['11010519491231002x', undefined],
    ['110105194912310021', /check character \(expected X\)/],
    ['32030219900230001X', /impossible birth date 19900230/],
    ['3203021990010100', /18 characters/],
    ['32030219900101001A', /18 characters/],
  ])('%s', (value, problem) => {
    const found = idNumberProblem(value);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });

  it('computes the check character of the standard example', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
  });
});
