import { InvalidQueryError } from './errors';

export type Scalar = string | number | boolean;

export type FieldOperators = {
  readonly $in?: readonly Scalar[];
  readonly $gt?: string | number;
  readonly $gte?: string | number;
  readonly $lt?: string | number;
  readonly $lte?: string | number;
  readonly $exists?: boolean;
  /** Case-insensitive substring match on a text field (or any element of a text array): for search boxes. */
  readonly $contains?: string;
};

/**
 * Keys are dotted paths into the document (objects only; an array is looked into only at the end of the path,
 * where a condition matches when any element does). All conditions must hold. Comparisons never cross types:
 * `{ age: { $gt: 3 } }` only matches numbers.
 */
export type Filter = Readonly<Record<string, Scalar | FieldOperators>>;

export type RangeOperator = 'gt' | 'gte' | 'lt' | 'lte';

export type Condition =
  | { readonly kind: 'eq'; readonly path: string; readonly value: Scalar }
  | { readonly kind: 'in'; readonly path: string; readonly values: readonly Scalar[] }
  | { readonly kind: 'range'; readonly path: string; readonly op: RangeOperator; readonly value: string | number }
  | { readonly kind: 'exists'; readonly path: string; readonly exists: boolean }
  | { readonly kind: 'contains'; readonly path: string; readonly text: string };

// Segments are inlined into SQL JSON paths and index expressions, so they are kept to a safe alphabet.
const pathPattern = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/;

export const validatePath = (path: string, where: string): string => {
  if (!pathPattern.test(path))
    throw new InvalidQueryError(where, `"${path}" is not a dotted path of letters, digits and _`);
  return path;
};

const isScalar = (value: unknown): value is Scalar =>
  typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));

const isOrderable = (value: unknown): value is string | number =>
  typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));

const operatorCondition = (path: string, op: string, value: unknown): Condition => {
  const at = `${path}.${op}`;
  switch (op) {
    case '$in':
      if (!Array.isArray(value) || !value.every(isScalar))
        throw new InvalidQueryError(at, 'must be an array of strings, numbers or booleans');
      return { kind: 'in', path, values: value };
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      if (!isOrderable(value)) throw new InvalidQueryError(at, 'must be a string or a finite number');
      return { kind: 'range', path, op: op.slice(1) as RangeOperator, value };
    case '$exists':
      if (typeof value !== 'boolean') throw new InvalidQueryError(at, 'must be true or false');
      return { kind: 'exists', path, exists: value };
    case '$contains':
      if (typeof value !== 'string') throw new InvalidQueryError(at, 'must be a string');
      return { kind: 'contains', path, text: value };
    default:
      throw new InvalidQueryError(at, 'unknown operator (use $in, $gt, $gte, $lt, $lte, $exists, $contains)');
  }
};

/** Checks a filter and turns it into a flat list of conditions that adapters translate one by one. */
export const parseFilter = (filter: Filter): Condition[] => {
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter))
    throw new InvalidQueryError('(filter)', 'must be an object');
  return Object.entries(filter).flatMap(([path, value]): Condition[] => {
    validatePath(path, path);
    if (isScalar(value)) return [{ kind: 'eq', path, value }];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InvalidQueryError(path, 'must be a string, a finite number, a boolean or an operator object');
    }
    const entries = Object.entries(value);
    if (entries.length === 0) throw new InvalidQueryError(path, 'empty operator object');
    return entries.map(([op, operand]) => operatorCondition(path, op, operand));
  });
};
