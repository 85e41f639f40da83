import type { Actor, CommitDraft, StoredCommit, StoredEvent } from '@carebridge/event-store';

/** Stream id of position placeholders; no real stream can have it (stream ids start with a letter or digit). */
export const GAP_STREAM = '$gap';

/**
 * Positions per page of the global log. A reader of the log asks for one page by equality (`{page}`), which an
 * index serves, instead of a range over positions, which FerretDB 1.24 cannot push down to its backend (ADR 0010).
 * Big enough that a relay catching up reads many commits per query, small enough that a page stays cheap to read.
 */
export const LOG_PAGE_SIZE = 128;

export const pageOf = (position: number): number => Math.floor(position / LOG_PAGE_SIZE);

/** One append, as agreed with the outbox relay: the commit document is also the outbox record. */
export type CommitDocument = {
  _id: string;
  streamId: string;
  fromVersion: number;
  toVersion: number;
  position: number;
  /** pageOf(position); absent only in documents written before pages existed (readers find those by position). */
  page?: number;
  events: StoredEvent[];
  commandId: string;
  traceparent?: string;
  actor?: Actor;
  recordedAt: Date;
  shard: number;
  /** Only in documents written before the relay kept checkpoints; read once to carry their dispatch state over. */
  dispatched?: boolean;
};

/**
 * Fills a global position that will never hold a commit (its writer lost a race, or a reader closed a hole
 * left by a writer that vanished). fromVersion and commandId are derived from the position so the unique
 * stream indexes never collide between placeholders; the relay skips it.
 */
export type GapDocument = {
  _id: string;
  streamId: typeof GAP_STREAM;
  position: number;
  page?: number;
  fromVersion: number;
  commandId: string;
};

export type StoredDocument = CommitDocument | GapDocument;

export const isGap = (doc: StoredDocument): doc is GapDocument => doc.streamId === GAP_STREAM;

export const gapDocument = (position: number): GapDocument => ({
  _id: `gap:${position}`,
  streamId: GAP_STREAM,
  position,
  page: pageOf(position),
  fromVersion: position,
  commandId: `gap:${position}`,
});

export const toDocument = (draft: CommitDraft, position: number): CommitDocument => ({
  _id: draft.commitId,
  streamId: draft.streamId,
  fromVersion: draft.fromVersion,
  toVersion: draft.toVersion,
  position,
  page: pageOf(position),
  events: draft.events.map((e) => ({ ...e })),
  commandId: draft.commandId,
  ...(draft.traceparent ? { traceparent: draft.traceparent } : {}),
  ...(draft.actor ? { actor: draft.actor } : {}),
  recordedAt: draft.recordedAt,
  shard: draft.shard,
});

export const fromDocument = (doc: CommitDocument): StoredCommit => ({
  commitId: doc._id,
  streamId: doc.streamId,
  fromVersion: doc.fromVersion,
  toVersion: doc.toVersion,
  position: doc.position,
  events: doc.events,
  commandId: doc.commandId,
  recordedAt: doc.recordedAt,
  shard: doc.shard,
  ...(doc.traceparent ? { traceparent: doc.traceparent } : {}),
  ...(doc.actor ? { actor: doc.actor } : {}),
});
