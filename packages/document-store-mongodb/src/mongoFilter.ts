import type { Condition, SortKey } from '@carebridge/document-store';
import type { Document, Filter, Sort } from 'mongodb';

/** Where a document path lives in the stored record: the id is the _id, everything else sits under `data`. */
export const fieldOf = (path: string): string => (path === 'id' ? '_id' : `data.${path}`);

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const toMongo = (condition: Condition): Document => {
  const field = fieldOf(condition.path);
  switch (condition.kind) {
    case 'eq':
      return { [field]: { $eq: condition.value } };
    case 'in':
      return { [field]: { $in: [...condition.values] } };
    case 'range':
      return { [field]: { [`$${condition.op}`]: condition.value } };
    case 'exists':
      return { [field]: { $exists: condition.exists } };
    case 'contains':
      // An escaped pattern: the user's text is matched literally, case-insensitively.
      return { [field]: { $regex: escapeRegex(condition.text), $options: 'i' } };
    default: {
      const unknown: never = condition;
      throw new Error(`unhandled condition ${JSON.stringify(unknown)}`);
    }
  }
};

/** Live documents only: a tombstone keeps its applied versions but has no data. */
export const mongoFilter = (conditions: readonly Condition[]): Filter<Document> => ({
  $and: [{ data: { $ne: null } }, ...conditions.map(toMongo)],
});

export const mongoSort = (sort: readonly SortKey[]): Sort => {
  const spec: [string, 1 | -1][] = sort.map(({ path, direction }) => [fieldOf(path), direction]);
  if (!spec.some(([field]) => field === '_id')) spec.push(['_id', 1]);
  return spec;
};
