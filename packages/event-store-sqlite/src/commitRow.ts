import type { Actor, CommitDraft, StoredCommit, StoredEvent } from '@carebridge/event-store';

/** A row of the `commits` table as better-sqlite3 returns it. */
export type CommitRow = {
  readonly position: number;
  readonly commit_id: string;
  readonly stream_id: string;
  readonly from_version: number;
  readonly to_version: number;
  readonly events: string;
  readonly command_id: string;
  readonly traceparent: string | null;
  readonly actor: string | null;
  readonly recorded_at: number;
  readonly shard: number;
};

export const toRow = (draft: CommitDraft): Omit<CommitRow, 'position'> => ({
  commit_id: draft.commitId,
  stream_id: draft.streamId,
  from_version: draft.fromVersion,
  to_version: draft.toVersion,
  events: JSON.stringify(draft.events),
  command_id: draft.commandId,
  traceparent: draft.traceparent ?? null,
  actor: draft.actor ? JSON.stringify(draft.actor) : null,
  recorded_at: draft.recordedAt.getTime(),
  shard: draft.shard,
});

export const fromRow = (row: CommitRow): StoredCommit => ({
  commitId: row.commit_id,
  streamId: row.stream_id,
  fromVersion: row.from_version,
  toVersion: row.to_version,
  position: row.position,
  events: JSON.parse(row.events) as StoredEvent[],
  commandId: row.command_id,
  recordedAt: new Date(row.recorded_at),
  shard: row.shard,
  ...(row.traceparent ? { traceparent: row.traceparent } : {}),
  ...(row.actor ? { actor: JSON.parse(row.actor) as Actor } : {}),
});
