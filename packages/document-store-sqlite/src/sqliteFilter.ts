import type { Condition, Scalar, SortKey } from '@carebridge/document-store';

export type SqlFragment = { readonly sql: string; readonly params: readonly (string | number)[] };

/** Paths are validated to [A-Za-z0-9_] segments by the port, so they can be inlined (and match index expressions). */
export const jsonPath = (path: string): string =>
  `'$${path
    .split('.')
    .map((segment) => `."${segment}"`)
    .join('')}'`;

const NUMBER = `e.type IN ('integer','real')`;

const equals = (value: Scalar): SqlFragment => {
  switch (typeof value) {
    case 'string':
      return { sql: `(e.type = 'text' AND e.value = ?)`, params: [value] };
    case 'number':
      return { sql: `(${NUMBER} AND e.value = ?)`, params: [value] };
    case 'boolean':
      return { sql: `e.type = '${value ? 'true' : 'false'}'`, params: [] };
    default: {
      const unknown: never = value;
      throw new Error(`unhandled value ${String(unknown)}`);
    }
  }
};

const rangeSql = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/** The value or, for an array, any element of it (like MongoDB); the children of an object never count. */
const anyValue = (path: string, predicate: SqlFragment): SqlFragment => ({
  sql: `EXISTS (SELECT 1 FROM json_each(data, ${jsonPath(path)}) e WHERE (e.key IS NULL OR typeof(e.key) = 'integer') AND ${predicate.sql})`,
  params: predicate.params,
});

const toSql = (condition: Condition): SqlFragment => {
  switch (condition.kind) {
    case 'eq':
      return anyValue(condition.path, equals(condition.value));
    case 'in': {
      if (condition.values.length === 0) return { sql: '0', params: [] };
      const parts = condition.values.map(equals);
      return anyValue(condition.path, {
        sql: `(${parts.map((p) => p.sql).join(' OR ')})`,
        params: parts.flatMap((p) => p.params),
      });
    }
    case 'range': {
      const type = typeof condition.value === 'string' ? `e.type = 'text'` : NUMBER;
      return anyValue(condition.path, {
        sql: `(${type} AND e.value ${rangeSql[condition.op]} ?)`,
        params: [condition.value],
      });
    }
    case 'exists':
      return {
        sql: `json_type(data, ${jsonPath(condition.path)}) IS ${condition.exists ? 'NOT ' : ''}NULL`,
        params: [],
      };
    case 'contains':
      return anyValue(condition.path, {
        sql: `(e.type = 'text' AND cb_contains(e.value, ?))`,
        params: [condition.text],
      });
    default: {
      const unknown: never = condition;
      throw new Error(`unhandled condition ${JSON.stringify(unknown)}`);
    }
  }
};

/** The JSON types a string or a number is stored as, for a test on `json_type(data, path)`. */
const typesOf = (value: string | number): string => (typeof value === 'string' ? `('text')` : `('integer','real')`);

/**
 * An equality on an indexed path, in a form the path's two expression indexes serve (json_extract and json_type,
 * made by the storage): the documents whose value is the scalar, plus those whose value is an array, looked into
 * one by one. The json_each form alone reads every document of the table.
 */
const indexedEquals = (table: string, path: string, value: Scalar): SqlFragment => {
  const at = jsonPath(path);
  const scalar =
    typeof value === 'boolean'
      ? { sql: `json_type(data, ${at}) = '${String(value)}'`, params: [] }
      : // `+` keeps SQLite off the type index here: the value's index is the selective one.
        { sql: `json_extract(data, ${at}) = ? AND +json_type(data, ${at}) IN ${typesOf(value)}`, params: [value] };
  const inArray = anyValue(path, equals(value));
  return {
    sql:
      `id IN (SELECT id FROM ${table} WHERE ${scalar.sql} UNION ALL ` +
      `SELECT id FROM ${table} WHERE json_type(data, ${at}) = 'array' AND ${inArray.sql})`,
    params: [...scalar.params, ...inArray.params],
  };
};

/** Where the storage answers from an index: the table and the paths it made indexes for. */
export type IndexedPaths = { readonly table: string; readonly paths: ReadonlySet<string> };

/** WHERE clause over live documents (a tombstone has NULL data). */
export const whereSql = (conditions: readonly Condition[], indexed: IndexedPaths): SqlFragment => {
  const parts = conditions.map((condition) =>
    condition.kind === 'eq' && indexed.paths.has(condition.path)
      ? indexedEquals(indexed.table, condition.path, condition.value)
      : toSql(condition),
  );
  return {
    sql: ['data IS NOT NULL', ...parts.map((p) => p.sql)].join(' AND '),
    params: parts.flatMap((p) => p.params),
  };
};

/** MongoDB's order across types (missing/null < numbers < strings < objects < arrays < booleans), then the value. */
const typeRank = (path: string): string =>
  `CASE json_type(data, ${jsonPath(path)}) WHEN 'integer' THEN 1 WHEN 'real' THEN 1 WHEN 'text' THEN 2 ` +
  `WHEN 'object' THEN 3 WHEN 'array' THEN 4 WHEN 'false' THEN 5 WHEN 'true' THEN 5 ELSE 0 END`;

export const orderSql = (sort: readonly SortKey[]): string => {
  const keys = sort.flatMap(({ path, direction }) => {
    const dir = direction === 1 ? 'ASC' : 'DESC';
    return [`${typeRank(path)} ${dir}`, `json_extract(data, ${jsonPath(path)}) ${dir}`];
  });
  return [...keys, 'id ASC'].join(', ');
};

/** Case-insensitive substring, registered as an SQL function; JavaScript's lower-casing knows Unicode, SQLite's does not. */
export const containsText = (value: unknown, text: unknown): number =>
  typeof value === 'string' && typeof text === 'string' && value.toLowerCase().includes(text.toLowerCase()) ? 1 : 0;
