import type { Filter } from './filter';

/** Where an event came from: its stream and version. The pair is what makes applying it idempotent. */
export type SourcePosition = { readonly stream: string; readonly version: number };

export type ApplyOutcome = 'applied' | 'skipped';

export type SortDirection = 1 | -1;

export type FindOptions = {
  /** Scalar fields (dotted paths allowed); ties are always broken by id ascending. */
  readonly sort?: readonly (readonly [field: string, direction: SortDirection])[];
  /** Page size, 1..500; 50 when absent. */
  readonly limit?: number;
  /** From the previous page's `nextPageToken`. */
  readonly pageToken?: string;
};

export type Page<T> = { readonly items: T[]; readonly nextPageToken?: string };

export type CollectionOptions = {
  /** Fields (dotted paths) queried or sorted often; each gets an index. */
  readonly indexes?: readonly string[];
};

/**
 * One read model: documents keyed by `id`. Bookkeeping (revision, versions applied per source stream) is kept
 * beside each document and never shows in what is returned.
 */
export type DocumentCollection<T extends { id: string }> = {
  get(id: string): Promise<T | undefined>;
  /** Insert or replace; keeps the record of what was applied to the document. */
  put(doc: T): Promise<void>;
  /** Removes the document and its record of applied events. */
  delete(id: string): Promise<void>;
  /**
   * Applies an event's change at most once: skipped when this source stream already reached `source.version`.
   * The change and the new applied version are one single-document write guarded by the document's revision;
   * a lost race re-reads and calls `change` again, so `change` must be pure. Returning undefined deletes the
   * document but keeps its record (a tombstone), so a redelivered older event cannot bring it back.
   */
  applyOnce(
    id: string,
    source: SourcePosition,
    change: (current: T | undefined) => T | undefined,
  ): Promise<ApplyOutcome>;
  find(filter: Filter, options?: FindOptions): Promise<Page<T>>;
  count(filter: Filter): Promise<number>;
  /** Empties the collection, records included: the start of a rebuild from the log. */
  deleteAll(): Promise<void>;
};

export type DocumentStore = {
  collection<T extends { id: string }>(name: string, options?: CollectionOptions): DocumentCollection<T>;
  close(): Promise<void>;
};
