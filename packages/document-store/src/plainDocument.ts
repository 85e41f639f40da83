import { InvalidDocumentError } from './errors';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

// MongoDB's rules for stored keys: not empty, no leading $, no dots, no NUL characters.
const isFieldName = (key: string): boolean =>
  key.length > 0 && !key.startsWith('$') && !key.includes('.') && !key.includes('\u0000');

const toJson = (value: unknown, path: string): JsonValue | undefined => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new InvalidDocumentError(path, `${value} is not a finite number`);
      return value;
    case 'undefined':
      return undefined;
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) {
        return value.map((item, i) => {
          const json = toJson(item, `${path}[${i}]`);
          if (json === undefined) throw new InvalidDocumentError(`${path}[${i}]`, 'undefined inside an array');
          return json;
        });
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        // Dates, Buffers, Maps... would come back as something else from one of the adapters.
        throw new InvalidDocumentError(
          path,
          `${value.constructor?.name ?? 'object'} is not plain JSON (store an ISO string or a number)`,
        );
      }
      const out: Record<string, JsonValue> = {};
      for (const [key, item] of Object.entries(value)) {
        const at = path ? `${path}.${key}` : key;
        if (!isFieldName(key))
          throw new InvalidDocumentError(at, 'field names are non-empty, without dots, not starting with $');
        const json = toJson(item, at);
        if (json !== undefined) out[key] = json;
      }
      return out;
    }
    default:
      throw new InvalidDocumentError(path, `a ${typeof value} is not plain JSON`);
  }
};

/**
 * A deep copy of the document as plain JSON (undefined fields dropped), so that both adapters store and return the
 * same thing; throws InvalidDocumentError naming the first field that is not plain JSON.
 */
export const toPlainDocument = <T extends { id: string }>(doc: T, expectedId?: string): T => {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new InvalidDocumentError('(document)', 'must be an object');
  if (typeof doc.id !== 'string' || doc.id.length === 0)
    throw new InvalidDocumentError('id', 'must be a non-empty string');
  if (expectedId !== undefined && doc.id !== expectedId) {
    throw new InvalidDocumentError('id', `the change returned id ${doc.id} for document ${expectedId}`);
  }
  return toJson(doc, '') as unknown as T;
};
