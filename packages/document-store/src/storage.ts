import type { Condition } from './filter';
import type { PageRequest } from './findOptions';
import type { JsonValue } from './plainDocument';

/** Last version applied, per source stream. */
export type AppliedVersions = ReadonlyMap<string, number>;

/**
 * One document with its bookkeeping, as an adapter stores it in ONE record (one MongoDB document, one SQLite row),
 * so that the data and the versions applied to it always change together.
 */
export type StoredRecord = {
  /** Undefined for a tombstone: deleted by an applied event, kept so that redelivery stays a no-op. */
  readonly data: Readonly<Record<string, JsonValue>> | undefined;
  readonly revision: number;
  readonly applied: AppliedVersions;
};

/**
 * What an adapter provides per collection: single-record reads and revision-guarded writes, and queries over live
 * (non-tombstone) documents. Validation and the optimistic retry loop live once, in createDocumentCollection.
 */
export type CollectionStorage = {
  load(id: string): Promise<StoredRecord | undefined>;
  /** False when a record with this id already exists (another writer won). */
  insert(id: string, record: StoredRecord): Promise<boolean>;
  /**
   * Writes only if the stored revision is still `expectedRevision`; false when another writer moved it.
   * Called at most MAX_READ_TO_WRITE_MS after the load that produced `expectedRevision`.
   */
  replace(id: string, expectedRevision: number, record: StoredRecord): Promise<boolean>;
  remove(id: string): Promise<void>;
  /** Live documents matching every condition, sorted (id ascending last), from `offset`, at most `limit`. */
  find(conditions: readonly Condition[], page: PageRequest): Promise<JsonValue[]>;
  count(conditions: readonly Condition[]): Promise<number>;
  removeAll(): Promise<void>;
};

export type DocumentStorage = {
  collection(name: string, indexes: readonly string[]): CollectionStorage;
  close(): Promise<void>;
};

/** Applied versions as a list of pairs: stream ids may hold characters that are not valid as field names. */
export const appliedToPairs = (applied: AppliedVersions): [string, number][] => [...applied.entries()];

export const appliedFromPairs = (pairs: unknown): AppliedVersions =>
  new Map(Array.isArray(pairs) ? (pairs as [string, number][]) : []);
