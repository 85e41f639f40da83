import { creditCodeCheckCharacter, creditCodeProblem } from './creditCode';

describe('unified social credit code (GB 32100-2015)', () => {
  it.each([
    // Published codes of real bodies, as printed on their certificates.
    ['91350100M000100Y43'],
    ['91110000802100433B'],
    ['51330521MJ0000000' + creditCodeCheckCharacter('51330521MJ0000000')],
  ])('accepts %s', (code) => {
    expect(creditCodeProblem(code)).toBeUndefined();
  });

  it('computes the check character with weights 3^i mod 31', () => {
    expect(creditCodeCheckCharacter('91350100M000100Y4')).toBe('3');
    expect(creditCodeCheckCharacter('91110000802100433')).toBe('B');
  });

  it.each([
    ['91350100M000100Y44', /checksum gives 3/],
    ['91350100M000100Y4', /18 characters/],
    ['91350100M000100I43', /"I" is not a credit-code character/],
    ['91AB0100M000100Y43', /six-digit registration division/],
  ])('rejects %s', (code, message) => {
    expect(creditCodeProblem(code)).toMatch(message);
  });
});
