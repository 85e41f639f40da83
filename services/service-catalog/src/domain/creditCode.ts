/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters over a 31-character alphabet (no I, O, S, V, Z):
 * registration authority (1), organisation category (1), registration division (6, GB/T 2260),
 * organisation code (9, GB 11714) and a check character over the first 17.
 */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// Weight of position i is 3^i mod 31, as the standard tabulates them.
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character of the first 17 characters; undefined when one is outside the alphabet. */
export const creditCodeCheckCharacter = (first17: string): string | undefined => {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_ALPHABET.indexOf(first17[i] ?? '?');
    if (value < 0) return undefined;
    sum += value * WEIGHTS[i]!;
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31];
};

/** Why a code is not a valid unified social credit code, or undefined when it is. */
export const creditCodeProblem = (code: string): string | undefined => {
  if (code.length !== 18) return `must be 18 characters (got ${code.length})`;
  const bad = [...code].find((c) => !CREDIT_CODE_ALPHABET.includes(c));
  if (bad !== undefined) return `"${bad}" is not a credit-code character (0-9, A-H, J-N, P-R, T, U, W-Y)`;
  if (!/^[0-9]{6}$/.test(code.slice(2, 8))) return 'characters 3-8 must be the six-digit registration division';
  const expected = creditCodeCheckCharacter(code.slice(0, 17));
  if (code[17] !== expected) return `check character is ${code[17]}, the code's checksum gives ${expected}`;
  return undefined;
};

/** Division (GB/T 2260) where the organisation is registered, from characters 3-8. */
export const creditCodeDivision = (code: string): string => code.slice(2, 8);
