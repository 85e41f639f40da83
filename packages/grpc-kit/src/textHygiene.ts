/**
 * The one rule for text that enters the suite, over gRPC or public HTTP. Text is normalised to NFC first, then
 * counted in code points, so a name typed with combining marks and the same name precomposed have one length.
 *
 * Refused everywhere: C0 and C1 controls (newline and tab only where a field is multi-line), the bidi
 * embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which make a stored name display as
 * something else, the invisible U+200B, U+2060, U+FEFF, U+0000 and tag characters, and the line and paragraph
 * separators U+2028/U+2029 in a one-line field. ZWJ and ZWNJ (U+200D, U+200C) and the bidi marks (U+200E,
 * U+200F, U+061C) stay allowed: Uyghur, Persian and Indic scripts need them to write words correctly.
 */
export type TextRule = {
  /** Most code points the field may hold after NFC. */
  readonly maxLength: number;
  /** Whether newline and tab are allowed (notes, summaries). */
  readonly multiline: boolean;
};

/** Deployment default for a text field that declares no limit of its own: long enough for any name or note. */
export const DEFAULT_TEXT_RULE: TextRule = { maxLength: 2_000, multiline: false };

const INVISIBLE = new Set([0x200b, 0x2060, 0xfeff]);

const hex = (codePoint: number): string => `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why this code point may not appear, or undefined when it may. */
const refusalOf = (codePoint: number, multiline: boolean): string | undefined => {
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return `holds an unpaired surrogate (${hex(codePoint)})`;
  if (codePoint === 0x0a || codePoint === 0x09)
    return multiline ? undefined : `holds a line break or tab (${hex(codePoint)}); this field is one line`;
  if (codePoint <= 0x1f || (codePoint >= 0x7f && codePoint <= 0x9f))
    return `holds the control character ${hex(codePoint)}`;
  if ((codePoint >= 0x202a && codePoint <= 0x202e) || (codePoint >= 0x2066 && codePoint <= 0x2069))
    return `holds the bidirectional control ${hex(codePoint)}, which changes how the text displays`;
  if (INVISIBLE.has(codePoint)) return `holds the invisible character ${hex(codePoint)}`;
  // Tag characters are invisible, and a name never needs the emoji flags they spell.
  if (codePoint >= 0xe0000 && codePoint <= 0xe007f) return `holds the invisible tag character ${hex(codePoint)}`;
  if (codePoint === 0x2028 || codePoint === 0x2029)
    return multiline ? undefined : `holds a line or paragraph separator (${hex(codePoint)}); this field is one line`;
  return undefined;
};

/** The text as the suite stores it (NFC), or why it is refused. A refusal quotes no part of the text. */
export const checkText = (
  value: string,
  rule: TextRule = DEFAULT_TEXT_RULE,
): { readonly ok: true; readonly value: string } | { readonly ok: false; readonly description: string } => {
  // Checked before normalising: NFC would turn a lone surrogate into U+FFFD and hide it.
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return { ok: false, description: refusalOf(unit, rule.multiline)! };
    } else if (unit >= 0xdc00 && unit <= 0xdfff) return { ok: false, description: refusalOf(unit, rule.multiline)! };
  }
  // A cheap bound before NFC: a string of more UTF-16 units than four times the limit cannot fit after it.
  if (value.length > rule.maxLength * 4)
    return { ok: false, description: `is longer than ${rule.maxLength} characters` };
  const normalised = value.normalize('NFC');
  let length = 0;
  for (const char of normalised) {
    const refusal = refusalOf(char.codePointAt(0)!, rule.multiline);
    if (refusal) return { ok: false, description: refusal };
    length++;
  }
  if (length > rule.maxLength) return { ok: false, description: `is longer than ${rule.maxLength} characters` };
  return { ok: true, value: normalised };
};
