import { checkText } from './textHygiene';

const refused = (value: string, rule = { maxLength: 10, multiline: false }): string => {
  const result = checkText(value, rule);
  if (result.ok) throw new Error(`accepted ${JSON.stringify(value)}`);
  return result.description;
};

describe('the one text rule', () => {
  it.each([
    ['U+202E right-to-left override', 'ab\u202ecd', /U\+202E/],
    ['U+202A embedding', '\u202aab', /U\+202A/],
    ['U+2066 isolate', 'a\u2066b', /U\+2066/],
    ['U+2069 isolate end', 'a\u2069b', /U\+2069/],
    ['U+0000', 'a\u0000b', /U\+0000/],
    ['U+001B escape', 'a\u001bb', /U\+001B/],
    ['U+0085 (C1)', 'a\u0085b', /U\+0085/],
    ['U+007F delete', 'a\u007fb', /U\+007F/],
    ['U+200B zero width space', 'a\u200bb', /U\+200B/],
    ['U+2060 word joiner', 'a\u2060b', /U\+2060/],
    ['U+FEFF byte order mark', '\ufeffab', /U\+FEFF/],
    ['a lone high surrogate', 'a\ud800b', /unpaired surrogate/],
    ['a lone low surrogate', 'a\udc00b', /unpaired surrogate/],
    ['a newline in a one-line field', 'a\nb', /one line/],
    ['U+2028 in a one-line field', 'a\u2028b', /one line/],
    ['a tag character', 'a\u{E0041}b', /U\+E0041/],
    ['a tab in a one-line field', 'a\tb', /one line/],
  ])('refuses %s without quoting the text', (_name, value, reason) => {
    const description = refused(value);
    expect(description).toMatch(reason);
    expect(description).not.toContain(value);
  });

  it('allows newline and tab where the field is multi-line, but still no carriage-return tricks beyond them', () => {
    expect(checkText('line 1\nline 2\tend', { maxLength: 50, multiline: true })).toEqual({
      ok: true,
      value: 'line 1\nline 2\tend',
    });
    expect(refused('a\rb', { maxLength: 50, multiline: true })).toMatch(/U\+000D/);
  });

  it('keeps ZWJ and ZWNJ, which Uyghur, Persian and Indic scripts need', () => {
    const uyghur = 'ئۇيغۇر\u200cتىلى\u200f';
    const emoji = '👩\u200d👧';
    expect(checkText(uyghur, { maxLength: 50, multiline: false })).toEqual({ ok: true, value: uyghur });
    expect(checkText(emoji, { maxLength: 50, multiline: false })).toEqual({ ok: true, value: emoji });
  });

  it('normalises to NFC and counts code points after it', () => {
    const decomposed = 'e\u0301'.repeat(10); // 20 code points before NFC, 10 after
    expect(checkText(decomposed, { maxLength: 10, multiline: false })).toEqual({ ok: true, value: 'é'.repeat(10) });
    const astral = '𠀀'.repeat(10); // 20 UTF-16 units, 10 code points
    expect(checkText(astral, { maxLength: 10, multiline: false }).ok).toBe(true);
    expect(refused('𠀀'.repeat(11))).toMatch(/longer than 10/);
    expect(refused('张'.repeat(11))).toMatch(/longer than 10/);
  });

  it('refuses a megabyte without normalising it', () => {
    expect(refused('x'.repeat(1 << 20), { maxLength: 2000, multiline: false })).toMatch(/longer than 2000/);
  });
});
