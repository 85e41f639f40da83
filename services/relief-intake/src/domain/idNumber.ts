/**
 * Resident identity card number, GB 11643-1999: six-digit division of first registration, eight-digit birth
 * date, three-digit sequence, one ISO 7064 MOD 11-2 check character. The standard fixes the whole algorithm
 * in a dozen lines, so it lives here rather than in a dependency.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

export const checkCharacter = (first17: string): string => {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
};

/** What is wrong with an ID number, or undefined when it is well formed. */
export const idNumberProblem = (value: string): string | undefined => {
  if (!/^[0-9]{17}[0-9Xx]$/.test(value)) return 'must be 18 characters: 17 digits and a digit or X';
  const birth = value.slice(6, 14);
  const date = new Date(`${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}T00:00:00Z`);
  if (
    Number.isNaN(date.getTime()) ||
    date.toISOString().slice(0, 10).replace(/-/g, '') !== birth ||
    birth < '18000101'
  ) {
    return `has an impossible birth date ${birth}`;
  }
  const expected = checkCharacter(value.slice(0, 17));
  if (value[17]!.toUpperCase() !== expected) return `fails the GB 11643 check character (expected ${expected})`;
  return undefined;
};

/** Canonical form: the check character X in upper case. */
export const normaliseIdNumber = (value: string): string => value.toUpperCase();
