/**
 * Resident ID numbers (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit sequence, 1 check character.
 * The check character is ISO 7064 MOD 11-2 over the first 17 digits.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export const idNumberCheckCharacter = (first17: string): string => {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
};

/** Undefined when valid; otherwise why not, in words a registration desk can repeat. */
export const idNumberProblem = (value: string): string | undefined => {
  if (!/^[1-9]\d{16}[\dX]$/.test(value)) return 'must be 17 digits and a check digit or X (GB 11643)';
  const birth = value.slice(6, 14);
  const date = new Date(`${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10).replace(/-/g, '') !== birth) {
    return 'holds no valid birth date';
  }
  if (idNumberCheckCharacter(value.slice(0, 17)) !== value[17]) return 'check digit does not match (GB 11643)';
  return undefined;
};

/** Builds a valid number from region, birth date (yyyymmdd) and sequence: for demo data and tests. */
export const makeIdNumber = (region: string, birth: string, sequence: number): string => {
  const first17 = `${region}${birth}${String(sequence % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckCharacter(first17);
};
