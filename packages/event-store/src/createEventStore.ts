import { randomUUID } from 'node:crypto';
import type { EventRegistry } from '@carebridge/event-schema';
import { traceparentOf, withSpan } from '@carebridge/telemetry';
import { ConcurrencyConflictError, IdempotencyKeyReusedError } from './errors';
import { shardOf, type CommitDraft, type EventStorage, type StoredCommit } from './storage';
import type { AppendResult, Commit, EventStore, ExpectedVersion, NewEvent, RecordedEvent } from './types';
import { defaultLimits, validateAppend, type AppendLimits } from './validateAppend';

export type EventStoreOptions = {
  readonly storage: EventStorage;
  readonly registry: EventRegistry;
  readonly limits?: Partial<AppendLimits>;
  readonly clock?: () => Date;
};

/**
 * The store every service uses. Versioning rules, idempotency, validation and upcasting live here once;
 * the storage adapter only inserts and reads commit documents.
 *
 * Why commits stay gap-free with single-document writes only: a writer first reads the stream head and
 * refuses unless it matches the expected version, then inserts fromVersion = head + 1 under a unique
 * (streamId, fromVersion) index. Heads only grow, so a successful insert always extends the stream by one
 * contiguous range, and of two racing writers exactly one wins.
 */
export const createEventStore = (options: EventStoreOptions): EventStore => {
  const { storage, registry } = options;
  const limits = { ...defaultLimits, ...options.limits };
  const clock = options.clock ?? (() => new Date());

  const toResult = (commit: StoredCommit, replayed: boolean): AppendResult => ({
    streamId: commit.streamId,
    fromVersion: commit.fromVersion,
    toVersion: commit.toVersion,
    replayed,
  });

  const replayOf = (commit: StoredCommit, events: readonly NewEvent[]): AppendResult => {
    const sameEvents =
      commit.events.length === events.length && commit.events.every((e, i) => e.type === events[i]!.type);
    if (!sameEvents) throw new IdempotencyKeyReusedError(commit.streamId, commit.commandId);
    return toResult(commit, true);
  };

  const checkExpected = (streamId: string, expected: ExpectedVersion, head: number): void => {
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && head === 0) ||
      (expected === 'stream_exists' && head > 0) ||
      expected === head;
    if (!ok) throw new ConcurrencyConflictError(streamId, String(expected), head);
  };

  /**
   * A head that needs no round trip, when it is safe to trust: the insert of fromVersion = head + 1 then fails on
   * the unique version index exactly when the real head differs (commits are contiguous, so a later head always
   * has a commit starting at head + 1). An empty stream needs no lookup at all.
   */
  const optimisticHead = (streamId: string, expected: ExpectedVersion): number | undefined => {
    if (expected === 'no_stream' || expected === 0) return 0;
    const cached = storage.cachedHead?.(streamId);
    if (cached === undefined) return undefined;
    if (typeof expected === 'number') return cached === expected ? cached : undefined;
    return expected === 'any' || cached > 0 ? cached : undefined;
  };

  const upcastCommit = (commit: StoredCommit): Commit => ({
    commitId: commit.commitId,
    streamId: commit.streamId,
    fromVersion: commit.fromVersion,
    toVersion: commit.toVersion,
    position: commit.position,
    commandId: commit.commandId,
    recordedAt: commit.recordedAt,
    ...(commit.traceparent ? { traceparent: commit.traceparent } : {}),
    events: commit.events.map((stored, i): RecordedEvent => {
      const { version, data } = registry.upcast(stored.type, stored.schemaVersion, stored.data);
      return {
        eventId: stored.eventId,
        streamId: commit.streamId,
        version: commit.fromVersion + i,
        type: stored.type,
        schemaVersion: version,
        data,
        recordedAt: commit.recordedAt,
        commandId: commit.commandId,
        ...(commit.traceparent ? { traceparent: commit.traceparent } : {}),
        ...(commit.actor ? { actor: commit.actor } : {}),
      };
    }),
  });

  const store: EventStore = {
    async append(streamId, events, appendOptions) {
      validateAppend(registry, limits, streamId, events, appendOptions);
      const { commandId, expectedVersion } = appendOptions;

      // No lookup of the command before writing: a replay collides on the unique (streamId, commandId) index, or
      // fails the version check below and is recognised there. The common append is then one insert.
      for (let attempt = 0; ; attempt++) {
        const optimistic = attempt === 0 ? optimisticHead(streamId, expectedVersion) : undefined;
        const head = optimistic ?? (await storage.streamHead(streamId));
        try {
          checkExpected(streamId, expectedVersion, head);
        } catch (conflict) {
          // A concurrent copy of this very command may have landed between the lookup above and the head read:
          // that is a replay, not a conflict.
          const first = await storage.findCommitByCommand(streamId, commandId);
          if (first) return replayOf(first, events);
          throw conflict;
        }
        const draft: CommitDraft = {
          commitId: randomUUID(),
          streamId,
          fromVersion: head + 1,
          toVersion: head + events.length,
          events: events.map((e) => ({
            eventId: randomUUID(),
            type: e.type,
            schemaVersion: registry.latest(e.type)!.version,
            data: e.data,
          })),
          commandId,
          recordedAt: clock(),
          shard: shardOf(streamId),
          ...(appendOptions.traceparent ? { traceparent: appendOptions.traceparent } : {}),
          ...(appendOptions.actor ? { actor: appendOptions.actor } : {}),
        };
        const outcome = await storage.insertCommit(draft);
        switch (outcome.kind) {
          case 'appended':
            return { streamId, fromVersion: draft.fromVersion, toVersion: draft.toVersion, replayed: false };
          case 'replayed':
            return replayOf(outcome.commit, events);
          case 'version_taken':
            // `any` and `stream_exists` promise no exact version, so they try again after the real head (the one
            // used may have been a stale cache); an exact expectation lost a race.
            if (expectedVersion === 'any' || expectedVersion === 'stream_exists') continue;
            throw new ConcurrencyConflictError(streamId, String(expectedVersion), await storage.streamHead(streamId));
          default: {
            const unreachable: never = outcome;
            throw new Error(`unexpected insert outcome ${JSON.stringify(unreachable)}`);
          }
        }
      }
    },

    async readStream(streamId, readOptions) {
      const fromVersion = readOptions?.fromVersion ?? 1;
      const commits = await storage.readStream(streamId, fromVersion);
      return commits.flatMap((c) => upcastCommit(c).events).filter((e) => e.version >= fromVersion);
    },

    streamVersion: (streamId) => storage.streamHead(streamId),

    async readAll({ after, limit = 500 }) {
      const { commits, checkpoint } = await storage.readAll(after, limit);
      return { commits: commits.map(upcastCommit), checkpoint };
    },

    close: () => storage.close(),
  };

  return {
    ...store,
    append(streamId, events, appendOptions) {
      // The command's traceparent (the caller's, else the active span's) is stored with the commit, so the relay's
      // publish and every consumer join the trace of the call that caused the events.
      const traceparent = appendOptions.traceparent ?? traceparentOf();
      const attributes = { 'carebridge.stream_id': streamId, 'carebridge.event_count': events.length };
      return withSpan('eventStore.append', { attributes }, () =>
        store.append(streamId, events, traceparent ? { ...appendOptions, traceparent } : appendOptions),
      );
    },
  };
};
