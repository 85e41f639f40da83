import { setTimeout as sleep } from 'node:timers/promises';
import { ApplyContentionError, InvalidQueryError } from './errors';
import { parseFilter, validatePath } from './filter';
import { encodePageToken, parseFindOptions } from './findOptions';
import { toPlainDocument } from './plainDocument';
import type { CollectionStorage, DocumentStorage, StoredRecord } from './storage';
import type { ApplyOutcome, DocumentCollection, DocumentStore, SourcePosition } from './types';

const collectionName = /^[a-z][A-Za-z0-9_]{0,62}$/;
const MAX_ATTEMPTS = 100;
/** A write is only attempted this soon after its read; adapters that prune old revisions rely on it. */
export const MAX_READ_TO_WRITE_MS = 60_000;

const checkId = (id: unknown): string => {
  if (typeof id !== 'string' || id.length === 0) throw new InvalidQueryError('id', 'must be a non-empty string');
  return id;
};

const checkSource = (source: SourcePosition): SourcePosition => {
  if (typeof source?.stream !== 'string' || source.stream.length === 0)
    throw new InvalidQueryError('source.stream', 'must be a non-empty string');
  if (!Number.isSafeInteger(source.version) || source.version < 1)
    throw new InvalidQueryError('source.version', 'must be an integer >= 1');
  return source;
};

// Jittered, growing pauses spread racing writers apart instead of letting them collide again in lockstep.
const backoff = (attempt: number): Promise<void> => sleep(Math.random() * Math.min(25, 2 ** attempt));

const createCollection = <T extends { id: string }>(
  name: string,
  storage: CollectionStorage,
): DocumentCollection<T> => {
  /** Read, compute, write guarded by the revision; again on a lost race. `next` returns undefined to write nothing. */
  const optimistic = async <R>(
    id: string,
    next: (current: StoredRecord | undefined) => { record: StoredRecord; result: R } | { result: R },
  ): Promise<R> => {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const loadedAt = Date.now();
      const current = await storage.load(id);
      const step = next(current);
      if (!('record' in step)) return step.result;
      if (Date.now() - loadedAt > MAX_READ_TO_WRITE_MS) continue;
      const written = current
        ? await storage.replace(id, current.revision, step.record)
        : await storage.insert(id, step.record);
      if (written) return step.result;
      await backoff(attempt);
    }
    throw new ApplyContentionError(name, id, MAX_ATTEMPTS);
  };

  return {
    get: async (id) => {
      const record = await storage.load(checkId(id));
      return record?.data as T | undefined;
    },
    put: async (doc) => {
      const data = toPlainDocument(doc);
      await optimistic(data.id, (current) => ({
        record: { data, revision: (current?.revision ?? 0) + 1, applied: current?.applied ?? new Map() },
        result: undefined,
      }));
    },
    delete: async (id) => storage.remove(checkId(id)),
    applyOnce: async (id, source, change): Promise<ApplyOutcome> => {
      checkId(id);
      const { stream, version } = checkSource(source);
      return optimistic(id, (current) => {
        if ((current?.applied.get(stream) ?? 0) >= version) return { result: 'skipped' as const };
        const changed = change(current?.data as T | undefined);
        const applied = new Map(current?.applied ?? []).set(stream, version);
        const data = changed === undefined ? undefined : toPlainDocument(changed, id);
        return { record: { data, revision: (current?.revision ?? 0) + 1, applied }, result: 'applied' as const };
      });
    },
    find: async (filter, options) => {
      const conditions = parseFilter(filter);
      const page = parseFindOptions(filter, options);
      const rows = await storage.find(conditions, { ...page, limit: page.limit + 1 });
      const items = rows.slice(0, page.limit) as unknown as T[];
      return rows.length > page.limit
        ? { items, nextPageToken: encodePageToken(filter, page.sort, page.offset + page.limit) }
        : { items };
    },
    count: async (filter) => storage.count(parseFilter(filter)),
    deleteAll: () => storage.removeAll(),
  };
};

/** The port over an adapter's storage: every adapter gets the same validation, idempotency and paging rules. */
export const createDocumentStore = (storage: DocumentStorage): DocumentStore => ({
  collection: <T extends { id: string }>(name: string, options: { indexes?: readonly string[] } = {}) => {
    if (!collectionName.test(name))
      throw new InvalidQueryError('collection', `"${name}" must match ${collectionName.source}`);
    const indexes = (options.indexes ?? []).map((path, i) => validatePath(path, `indexes[${i}]`));
    return createCollection<T>(name, storage.collection(name, indexes));
  },
  close: () => storage.close(),
});
