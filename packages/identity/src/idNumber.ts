/**
 * Resident identity card number, GB 11643-1999: six-digit GB/T 2260 division of first registration, eight-digit
 * birth date (YYYYMMDD), three-digit sequence, one ISO 7064 MOD 11-2 check character (0-9 or X). Every programme
 * checks and stores the number through this module, so one person's number gets one verdict across the suite.
 */

// ISO 7064 MOD 11-2: weight of position i is 2^(17-i) mod 11; the check character maps (sum mod 11) through CHECK.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

const SHAPE = /^[0-9]{17}[0-9X]$/;

/** China keeps one time zone, UTC+8: "today" for a birth date is the calendar day there. */
const CHINA_STANDARD_TIME_MS = 8 * 60 * 60 * 1000;

export type IdNumberCheckOptions = {
  /** When given, a birth date after this day (in China Standard Time) is refused; without it the check is pure. */
  readonly today?: Date;
};

/**
 * The one normal form, what every programme stores and hashes: surrounding whitespace trimmed (copy-paste and
 * form fields add it) and a final lower-case x upper-cased (the standard writes X; keyboards and OCR give x).
 * Nothing else: inner spaces, hyphens or full-width digits are not part of the number, and quietly repairing
 * them would accept a string the standard does not, so they stay for the check to refuse.
 */
export const normaliseIdNumber = (raw: string): string => {
  const trimmed = raw.trim();
  return trimmed.endsWith('x') ? `${trimmed.slice(0, -1)}X` : trimmed;
};

/** The 18th character for the first 17 digits (ISO 7064 MOD 11-2), e.g. 'X' for 11010519491231002. */
export const idNumberCheckCharacter = (first17: string): string => {
  if (!/^[0-9]{17}$/.test(first17)) throw new RangeError('the check character is defined over exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
};

/** A number with a correct check character, for demo and test data (synthetic, not a real person). */
export const makeIdNumber = (division: string, birthDate: string, sequence: number): string => {
  const first17 = `${division}${birthDate}${String(sequence % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckCharacter(first17);
};

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** Whether YYYYMMDD is a day of the (proleptic) Gregorian calendar: 19000229 is not, 20000229 is. */
const isCalendarDate = (yyyymmdd: string): boolean => {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (month < 1 || month > 12 || day < 1) return false;
  const days = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
};

const chinaDayOf = (instant: Date): string =>
  new Date(instant.getTime() + CHINA_STANDARD_TIME_MS).toISOString().slice(0, 10).replace(/-/g, '');

/**
 * Undefined when the number is valid (after normalisation); otherwise the FIRST reason it fails, in words a desk
 * clerk can repeat. The description never echoes the number or any part of it: it is personal data and ends up
 * in error responses and logs.
 */
export const checkIdNumber = (raw: string, options: IdNumberCheckOptions = {}): string | undefined => {
  const value = normaliseIdNumber(raw);
  if (!SHAPE.test(value)) return 'must be 18 characters: 17 digits and a check character 0-9 or X';
  // GB/T 2260 province codes run from 11 to 82; none starts with 0, so a leading 0 is a typo or a lost digit.
  if (value.startsWith('0')) return 'must not start with 0 (no GB/T 2260 division code does)';
  const birth = value.slice(6, 14);
  if (!isCalendarDate(birth)) return 'holds an impossible birth date (characters 7 to 14 are not a calendar day)';
  if (options.today && birth > chinaDayOf(options.today)) return 'holds a birth date after today';
  if (idNumberCheckCharacter(value.slice(0, 17)) !== value[17]) return 'fails the GB 11643 check character';
  return undefined;
};
