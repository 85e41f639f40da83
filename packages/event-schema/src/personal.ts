import { Kind, type TSchema, type TObject } from '@sinclair/typebox';

/** JSON Schema keyword that marks a field as personal data (PII). */
export const PERSONAL_KEYWORD = 'x-personal';

/**
 * Marks a schema as personal data. `subject` names whose data it is (e.g. `child`, `applicant`),
 * so crypto-shredding can find the key of the right person.
 */
export const personal = <T extends TSchema>(schema: T, subject = 'subject'): T =>
  ({ ...schema, [PERSONAL_KEYWORD]: subject }) as T;

export const isPersonal = (schema: TSchema): boolean => PERSONAL_KEYWORD in schema;

/** Dotted paths of every personal field in an object schema (`[]` marks array items). */
export const personalPaths = (schema: TObject): string[] => {
  const paths: string[] = [];
  const walk = (node: TSchema, path: string): void => {
    if (path && isPersonal(node)) {
      paths.push(path);
      return;
    }
    if (node[Kind] === 'Object') {
      for (const [key, child] of Object.entries((node as TObject).properties)) walk(child, path ? `${path}.${key}` : key);
    } else if (node[Kind] === 'Array') {
      walk(node['items'] as TSchema, `${path}[]`);
    } else if (node[Kind] === 'Union') {
      for (const variant of node['anyOf'] as TSchema[]) walk(variant, path);
    }
  };
  walk(schema, '');
  return [...new Set(paths)];
};
