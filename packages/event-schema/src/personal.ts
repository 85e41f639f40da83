import { Kind, type TSchema, type TObject } from '@sinclair/typebox';

/** JSON Schema keyword that marks a field as personal data (PII); its value names whose data it is. */
export const PERSONAL_KEYWORD = 'x-personal';
/** JSON Schema keyword that says what kind of personal data a field holds, so the analytics scrub knows what to keep. */
export const PERSONAL_KIND_KEYWORD = 'x-personal-kind';

/**
 * What a personal field holds. The analytics scrub treats each kind differently:
 * - `identifier`: an id of a person (ID number, internal person id): replaced by a keyed pseudonym;
 * - `division`: where a person lives or is found (GB/T 2260 code): coarsened to the prefecture (4 digits);
 * - `birthDate`: an ISO date of birth: coarsened to the birth year;
 * - `age`: an age in years: coarsened to an age band;
 * - `data`: anything else (names, phones, narratives): removed.
 */
export type PersonalKind = 'identifier' | 'division' | 'birthDate' | 'age' | 'data';
export const personalKinds: readonly PersonalKind[] = ['identifier', 'division', 'birthDate', 'age', 'data'];

/**
 * Marks a schema as personal data. `subject` names whose data it is (e.g. `child`, `applicant`), so
 * crypto-shredding can find the key of the right person; `kind` tells the analytics scrub what it may keep.
 */
export const personal = <T extends TSchema>(schema: T, subject = 'subject', kind: PersonalKind = 'data'): T => ({
  ...schema,
  [PERSONAL_KEYWORD]: subject,
  ...(kind === 'data' ? {} : { [PERSONAL_KIND_KEYWORD]: kind }),
});

export const isPersonal = (schema: TSchema): boolean => PERSONAL_KEYWORD in schema;

export type PersonalField = {
  /** Dotted path inside `data`; `[]` stands for every item of an array. */
  readonly path: string;
  readonly subject: string;
  readonly kind: PersonalKind;
};

/** Every personal field of an object schema, outermost mark wins (a marked object is personal as a whole). */
export const personalFields = (schema: TObject): PersonalField[] => {
  const fields = new Map<string, PersonalField>();
  const walk = (node: TSchema, path: string): void => {
    if (path && isPersonal(node)) {
      const kind = (node[PERSONAL_KIND_KEYWORD] as PersonalKind | undefined) ?? 'data';
      fields.set(path, { path, subject: String(node[PERSONAL_KEYWORD]), kind });
      return;
    }
    if (node[Kind] === 'Object') {
      for (const [key, child] of Object.entries((node as TObject).properties))
        walk(child, path ? `${path}.${key}` : key);
    } else if (node[Kind] === 'Array') {
      walk(node.items as TSchema, `${path}[]`);
    } else if (node[Kind] === 'Union') {
      for (const variant of node.anyOf as TSchema[]) walk(variant, path);
    }
  };
  walk(schema, '');
  return [...fields.values()];
};

/** Dotted paths of every personal field in an object schema (`[]` marks array items). */
export const personalPaths = (schema: TObject): string[] => personalFields(schema).map((f) => f.path);
