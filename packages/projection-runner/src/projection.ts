import type { ApplyOutcome, DocumentCollection, SourcePosition } from '@carebridge/document-store';
import type { IncomingEvent } from '@carebridge/event-schema';
import type { IncomingRecord } from '@carebridge/messaging';

/** A CloudEvent as a projection sees it: upcast to the latest schema version its registry knows. */
export type ProjectionEvent = IncomingEvent & {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
};

export type ProjectionContext = {
  /** The event's stream and version: what makes applying it idempotent. */
  readonly source: SourcePosition;
  /** 1 on first delivery; higher on a retry after a failure. */
  readonly attempt: number;
  readonly record: IncomingRecord;
  /** Applies the change to one document at most once per source version (document-store applyOnce). */
  applyOnce<T extends { id: string }>(
    collection: DocumentCollection<T>,
    id: string,
    change: (current: T | undefined) => T | undefined,
  ): Promise<ApplyOutcome>;
  /**
   * Runs a side effect (a message, a call out) once per (consumer, ce_source, ce_id), recorded in the inbox
   * after it succeeded: a crash between the effect and the record repeats it, so effects should be idempotent
   * downstream too. Throws when the projection runs without an inbox.
   */
  once(effect: () => Promise<void>): Promise<'done' | 'skipped'>;
};

/** A read model fed from topics: `handle` must be idempotent (applyOnce) since delivery is at least once. */
export type Projection = {
  readonly name: string;
  readonly topics: readonly string[];
  handle(event: ProjectionEvent, ctx: ProjectionContext): Promise<void>;
  /** Drops the read model before a rebuild (e.g. collection.deleteAll()). The inbox is kept: no effect repeats. */
  reset?(): Promise<void>;
};
