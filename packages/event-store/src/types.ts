/** What a command hands to the store: the event's type (as registered in event-schema) and its data. */
export type NewEvent = {
  readonly type: string;
  readonly data: Record<string, unknown>;
};

/**
 * The stream version the writer based its decision on.
 * - a number: the stream must be exactly at that version (0 = empty);
 * - `no_stream`: the stream must not exist yet;
 * - `stream_exists`: any version >= 1;
 * - `any`: no check (still never overwrites: the store appends after the current head).
 */
export type ExpectedVersion = number | 'no_stream' | 'stream_exists' | 'any';

/** Who caused the append; kept on the commit so every change is attributable. */
export type Actor = { readonly subject: string; readonly role: string; readonly division?: string };

export type AppendOptions = {
  readonly expectedVersion: ExpectedVersion;
  /** Idempotency key of the command: a replay returns the first result and writes nothing. */
  readonly commandId: string;
  /** W3C traceparent of the command, carried to Kafka so consumers join the same trace. */
  readonly traceparent?: string;
  readonly actor?: Actor;
};

export type AppendResult = {
  readonly streamId: string;
  readonly fromVersion: number;
  readonly toVersion: number;
  /** True when this was a replay of an already-recorded command: nothing new was written. */
  readonly replayed: boolean;
};

/** An event as read back: upcast to the latest schema version of its type. */
export type RecordedEvent = {
  readonly eventId: string;
  readonly streamId: string;
  readonly version: number;
  readonly type: string;
  /** Schema version after upcasting (the latest known). */
  readonly schemaVersion: number;
  readonly data: Record<string, unknown>;
  readonly recordedAt: Date;
  readonly commandId: string;
  readonly traceparent?: string;
  readonly actor?: Actor;
};

/** One append: the unit of atomicity, of idempotency and of outbox delivery. */
export type Commit = {
  readonly commitId: string;
  readonly streamId: string;
  readonly fromVersion: number;
  readonly toVersion: number;
  /** Global commit order; assigned by the store, strictly increasing in `readAll`. */
  readonly position: number;
  readonly events: readonly RecordedEvent[];
  readonly commandId: string;
  readonly traceparent?: string;
  readonly recordedAt: Date;
};

export type ReadAllResult = {
  readonly commits: readonly Commit[];
  /** Position to pass as `after` next time; equal to `after` when nothing new is visible. */
  readonly checkpoint: number;
};

export type EventStore = {
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /** Events of one stream in version order, from `fromVersion` (1 by default). */
  readStream(streamId: string, options?: { fromVersion?: number }): Promise<RecordedEvent[]>;
  /** Current version of a stream; 0 when it does not exist. */
  streamVersion(streamId: string): Promise<number>;
  /** Commits in global order after a checkpoint (0 = from the start). */
  readAll(options: { after: number; limit?: number }): Promise<ReadAllResult>;
  close(): Promise<void>;
};
