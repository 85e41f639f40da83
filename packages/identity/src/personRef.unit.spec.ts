import { makeIdNumber } from './idNumber';
import { personRefOf, personSubject } from './personRef';

describe('one person reference and one key subject for the suite', () => {
  const key = Buffer.alloc(32, 7);
  const number = makeIdNumber('630121', '20120508', 3);

  it('gives one ID number one reference, whatever form the number was typed in', () => {
    const ref = personRefOf(key, number);
    expect(ref).toMatch(/^p[A-Za-z0-9]{32}$/);
    expect(personRefOf(key, ` ${number.slice(0, -1)}${number.endsWith('X') ? 'x' : number.at(-1)!}\t`)).toBe(ref);
    expect(ref).not.toContain(number.slice(0, 6));
  });

  it('depends on the key: without it the reference cannot be recomputed from a number', () => {
    expect(personRefOf(Buffer.alloc(32, 8), number)).not.toBe(personRefOf(key, number));
    expect(personRefOf(key, makeIdNumber('630121', '20120508', 4))).not.toBe(personRefOf(key, number));
  });

  it('names the key subject person:<ref>, and refuses an empty reference', () => {
    expect(personSubject('ch-1')).toBe('person:ch-1');
    expect(() => personSubject('')).toThrow(RangeError);
  });
});
