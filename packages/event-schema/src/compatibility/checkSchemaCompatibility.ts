import type { JsonSchema } from '../publication/publishedSchema';
import { inlineSharedRefs } from './inlineSharedRefs';

export type CompatibilityRule =
  | 'type-narrowed'
  | 'enum-value-removed'
  | 'variant-removed'
  | 'required-added'
  | 'property-removed'
  | 'additional-properties-closed'
  | 'bound-tightened'
  | 'pattern-changed'
  | 'format-changed';

export type CompatibilityIssue = { readonly path: string; readonly rule: CompatibilityRule; readonly message: string };

export type CompatibilityOptions = {
  /** Paths whose values the upcaster chain writes, moves or drops: it owns them, so their rules are waived. */
  readonly upcasterOwns?: (path: string) => boolean;
};

type Bound = { keyword: string; tighter: (older: number, newer: number) => boolean; loosest: number };
const bounds: Bound[] = [
  { keyword: 'minLength', tighter: (o, n) => n > o, loosest: 0 },
  { keyword: 'maxLength', tighter: (o, n) => n < o, loosest: Infinity },
  { keyword: 'minimum', tighter: (o, n) => n > o, loosest: -Infinity },
  { keyword: 'maximum', tighter: (o, n) => n < o, loosest: Infinity },
  { keyword: 'exclusiveMinimum', tighter: (o, n) => n > o, loosest: -Infinity },
  { keyword: 'exclusiveMaximum', tighter: (o, n) => n < o, loosest: Infinity },
  { keyword: 'minItems', tighter: (o, n) => n > o, loosest: 0 },
  { keyword: 'maxItems', tighter: (o, n) => n < o, loosest: Infinity },
];

const variantsOf = (node: JsonSchema): JsonSchema[] | undefined =>
  (node.anyOf ?? node.oneOf) as JsonSchema[] | undefined;

/** The finite set of values a node accepts (const, enum, union of those); undefined when not finite. */
const literalsOf = (node: JsonSchema): unknown[] | undefined => {
  if ('const' in node) return [node.const];
  if (Array.isArray(node.enum)) return node.enum as unknown[];
  const variants = variantsOf(node);
  if (!variants) return undefined;
  const sets = variants.map(literalsOf);
  return sets.every((s) => s !== undefined) ? sets.flat() : undefined;
};

const typeOfValue = (value: unknown): string =>
  value === null ? 'null' : typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value;

/** JSON types a node accepts; undefined when it does not restrict the type. */
const typesOf = (node: JsonSchema): string[] | undefined => {
  if (typeof node.type === 'string') return [node.type];
  if (Array.isArray(node.type)) return node.type as string[];
  const literals = literalsOf(node);
  if (literals) return [...new Set(literals.map(typeOfValue))];
  const variants = variantsOf(node);
  if (!variants) return undefined;
  const sets = variants.map(typesOf);
  return sets.every((s) => s !== undefined) ? [...new Set(sets.flat())] : undefined;
};

const accepts = (newer: string[], type: string) =>
  newer.includes(type) || (type === 'integer' && newer.includes('number'));
/** A keyword's value for a message: strings as they are, anything else as JSON. */
const shown = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

const child = (path: string, key: string) => (path ? `${path}.${key}` : key);

/**
 * Does every instance `older` accepts still pass `newer`? A small structural check of JSON Schema pairs,
 * conservative where proof is hard (any pattern change counts as a tightening). Returns what breaks.
 */
export const checkSchemaCompatibility = (
  older: JsonSchema,
  newer: JsonSchema,
  options: CompatibilityOptions = {},
): CompatibilityIssue[] => {
  const owned = options.upcasterOwns ?? (() => false);
  const issues: CompatibilityIssue[] = [];
  const report = (path: string, rule: CompatibilityRule, message: string) => {
    if (!owned(path)) issues.push({ path: path || '(root)', rule, message });
  };

  const compare = (o: JsonSchema, n: JsonSchema, path: string): void => {
    if (owned(path)) return;
    const newLiterals = literalsOf(n);
    if (newLiterals) {
      const oldLiterals = literalsOf(o);
      if (!oldLiterals)
        return report(
          path,
          'type-narrowed',
          `accepted any ${typesOf(o)?.join('|') ?? 'value'}, now only ${JSON.stringify(newLiterals)}`,
        );
      for (const value of oldLiterals.filter(
        (v) => !newLiterals.some((w) => JSON.stringify(w) === JSON.stringify(v)),
      )) {
        report(path, 'enum-value-removed', `value ${JSON.stringify(value)} is no longer accepted`);
      }
      return;
    }
    const newVariants = variantsOf(n);
    const oldVariants = variantsOf(o);
    if (newVariants || oldVariants) {
      (oldVariants ?? [o]).forEach((variant, i) => {
        const fits = (newVariants ?? [n]).some(
          (candidate) =>
            checkSchemaCompatibility(variant, candidate, { upcasterOwns: (p) => owned(p ? child(path, p) : path) })
              .length === 0,
        );
        if (!fits) report(path, 'variant-removed', `no variant of the new schema accepts old variant ${i + 1}`);
      });
      return;
    }
    const newTypes = typesOf(n);
    const oldTypes = typesOf(o);
    if (newTypes) {
      if (!oldTypes) return report(path, 'type-narrowed', `accepted any type, now only ${newTypes.join('|')}`);
      const lost = oldTypes.filter((t) => !accepts(newTypes, t));
      if (lost.length > 0) return report(path, 'type-narrowed', `no longer accepts ${lost.join('|')}`);
    }
    for (const { keyword, tighter, loosest } of bounds) {
      if (typeof n[keyword] !== 'number') continue;
      const before = typeof o[keyword] === 'number' ? o[keyword] : loosest;
      if (tighter(before, n[keyword]))
        report(path, 'bound-tightened', `${keyword} went from ${before} to ${String(n[keyword])}`);
    }
    if (n.pattern !== undefined && n.pattern !== o.pattern)
      report(path, 'pattern-changed', `pattern is now ${shown(n.pattern)}`);
    if (n.format !== undefined && n.format !== o.format)
      report(path, 'format-changed', `format is now ${shown(n.format)}`);
    if (n.uniqueItems === true && o.uniqueItems !== true) report(path, 'bound-tightened', 'items must now be unique');
    if (n.items && typeof n.items === 'object')
      compare((o.items ?? {}) as JsonSchema, n.items as JsonSchema, `${path}[]`);
    if (n.properties || o.properties) compareObjects(o, n, path);
  };

  const compareObjects = (o: JsonSchema, n: JsonSchema, path: string): void => {
    const oldProps = (o.properties ?? {}) as Record<string, JsonSchema>;
    const newProps = (n.properties ?? {}) as Record<string, JsonSchema>;
    const oldRequired = new Set((o.required ?? []) as string[]);
    for (const key of (n.required ?? []) as string[]) {
      if (!oldRequired.has(key))
        report(
          child(path, key),
          'required-added',
          'is required now but older events may lack it (give it an upcaster default)',
        );
    }
    for (const [key, schema] of Object.entries(newProps)) {
      if (key in oldProps) compare(oldProps[key]!, schema, child(path, key));
    }
    if (n.additionalProperties === false) {
      for (const key of Object.keys(oldProps).filter((k) => !(k in newProps))) {
        report(
          child(path, key),
          'property-removed',
          'is gone while additional properties are refused (drop it in the upcaster)',
        );
      }
      if (o.additionalProperties !== false)
        report(path, 'additional-properties-closed', 'now refuses properties it accepted before');
    }
  };

  // A `$ref` to a shared definition (the sealed value) is compared as what it accepts.
  compare(inlineSharedRefs(older), inlineSharedRefs(newer), '');
  return issues;
};
