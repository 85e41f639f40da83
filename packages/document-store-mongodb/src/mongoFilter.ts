import type { Condition, SortKey } from '@carebridge/document-store';
import type { Document, Filter, Sort } from 'mongodb';

/** Where a document path lives in the stored record: the id is the _id, everything else sits under `data`. */
export const fieldOf = (path: string): string => (path === 'id' ? '_id' : `data.${path}`);

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One condition as operators on its field (a filter names each path once, so they merge without clashing). */
const toMongo = (condition: Condition): Document => {
  switch (condition.kind) {
    case 'eq':
      return { $eq: condition.value };
    case 'in':
      return { $in: [...condition.values] };
    case 'range':
      return { [`$${condition.op}`]: condition.value };
    case 'exists':
      return { $exists: condition.exists };
    case 'contains':
      // An escaped pattern: the user's text is matched literally, case-insensitively.
      return { $regex: escapeRegex(condition.text), $options: 'i' };
    default: {
      const unknown: never = condition;
      throw new Error(`unhandled condition ${JSON.stringify(unknown)}`);
    }
  }
};

/**
 * Live documents only (a tombstone keeps its applied versions but has no data), every condition on its own
 * top-level field: FerretDB pushes an equality down to its backend only there, never inside `$and`, and then an
 * index on the field serves it (ADR 0010).
 */
export const mongoFilter = (conditions: readonly Condition[]): Filter<Document> => {
  const filter: Document = { data: { $ne: null } };
  for (const condition of conditions) {
    const field = fieldOf(condition.path);
    filter[field] = { ...(filter[field] as Document | undefined), ...toMongo(condition) };
  }
  return filter;
};

export const mongoSort = (sort: readonly SortKey[]): Sort => {
  const spec: [string, 1 | -1][] = sort.map(({ path, direction }) => [fieldOf(path), direction]);
  if (!spec.some(([field]) => field === '_id')) spec.push(['_id', 1]);
  return spec;
};
