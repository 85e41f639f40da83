/**
 * The one table of resident ID numbers (GB 11643-1999) and their verdicts. The package's unit test checks the
 * exact reason for each row; tests/identity runs every row through every programme's request validation, so a
 * number valid in one programme is valid in all. Check characters were computed with the MOD 11-2 algorithm.
 */
export type IdNumberRow = {
  readonly label: string;
  readonly raw: string;
  /** The normal form a programme stores, for valid rows; undefined for invalid ones. */
  readonly normal: string | undefined;
  /** checkIdNumber's description, undefined when the number is valid. */
  readonly problem: string | undefined;
};

const SHAPE = 'must be 18 characters: 17 digits and a check character 0-9 or X';
const PROVINCE = 'must not start with 0 (no GB/T 2260 division code does)';
const BIRTH_DATE = 'holds an impossible birth date (characters 7 to 14 are not a calendar day)';
const CHECK = 'fails the GB 11643 check character';

const valid = (label: string, raw: string, normal: string): IdNumberRow => ({ label, raw, normal, problem: undefined });
const invalid = (label: string, raw: string, problem: string): IdNumberRow => ({
  label,
  raw,
  normal: undefined,
  problem,
});

export const idNumberTable: readonly IdNumberRow[] = [
  valid('the worked example of GB 11643-1999', '11010519491231002X', '11010519491231002X'),
  valid('the worked example with a lower-case x', '11010519491231002x', '11010519491231002X'),
  valid('the worked example in surrounding spaces', '  11010519491231002X ', '11010519491231002X'),
  valid('a lower-case x in a tab and a newline', '\t11010519491231002x\n', '11010519491231002X'),
  valid('a digit check character (Datong county, born 2017-01-01)', '630121201701010013', '630121201701010013'),
  valid('a leap day in a leap century year (2000-02-29)', '110105200002290013', '110105200002290013'),
  invalid('a leading zero, otherwise well formed', '010105194912310026', PROVINCE),
  invalid('a wrong check character (1 for X)', '110105194912310021', CHECK),
  invalid('a wrong check digit (1 for 3)', '630121201701010011', CHECK),
  invalid('17 digits: the check character missing', '11010519491231002', SHAPE),
  invalid('16 digits', '3203021990010100', SHAPE),
  invalid('19 digits', '1101051949123100211', SHAPE),
  invalid('the worked example and one more character', '11010519491231002X0', SHAPE),
  invalid('a letter O among the digits', '11010519491231O02X', SHAPE),
  invalid('a letter other than X as check character', '32030219900101001A', SHAPE),
  invalid('a space inside the number', '110105 19491231002X', SHAPE),
  invalid('an x that is not the last character', '11010519491231002xX', SHAPE),
  invalid('an impossible date (February 30th), correct check character', '11010519900230001X', BIRTH_DATE),
  invalid('an impossible month (13), correct check character', '110105194913310021', BIRTH_DATE),
  invalid('a leap day in a century year that is not leap (1900-02-29)', '110105190002290017', BIRTH_DATE),
];
