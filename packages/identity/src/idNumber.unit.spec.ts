import { checkIdNumber, idNumberCheckCharacter, makeIdNumber, normaliseIdNumber } from './idNumber';
import { idNumberTable } from './testing/idNumberTable';

describe('GB 11643 resident ID numbers', () => {
  test.each(idNumberTable.map((row) => [row.label, row] as const))('%s', (_label, row) => {
    expect(checkIdNumber(row.raw)).toBe(row.problem);
    if (row.normal !== undefined) expect(normaliseIdNumber(row.raw)).toBe(row.normal);
  });

  it('never echoes the number or a part of it (division, birth date) in a description', () => {
    for (const row of idNumberTable) expect(checkIdNumber(row.raw) ?? '').not.toMatch(/[0-9]{6}/);
  });

  it('computes the check character of the worked example, and of a number ending in a digit', () => {
    expect(idNumberCheckCharacter('11010519491231002')).toBe('X');
    expect(idNumberCheckCharacter('63012120170101001')).toBe('3');
    expect(() => idNumberCheckCharacter('1101051949123100')).toThrow(RangeError);
  });

  it('normalises only surrounding whitespace and a final x', () => {
    expect(normaliseIdNumber('\u3000110105 19491231002x ')).toBe('110105 19491231002X');
    expect(normaliseIdNumber('x11010519491231002')).toBe('x11010519491231002');
  });

  it('refuses a birth date after the given day (China Standard Time), and only when a day is given', () => {
    const born = makeIdNumber('110105', '20260302', 1);
    expect(checkIdNumber(born)).toBeUndefined();
    // 2026-03-01T16:00Z is already 2026-03-02 in Beijing.
    expect(checkIdNumber(born, { today: new Date('2026-03-01T16:00:00Z') })).toBeUndefined();
    expect(checkIdNumber(born, { today: new Date('2026-03-01T15:59:59Z') })).toBe('holds a birth date after today');
  });

  it('builds numbers that pass the check', () => {
    expect(makeIdNumber('420102', '19800214', 17)).toMatch(/^42010219800214017[0-9X]$/);
    expect(checkIdNumber(makeIdNumber('420102', '19800214', 1017))).toBeUndefined();
  });
});
