import { randomUUID } from 'node:crypto';
import type { EventRegistry } from '@carebridge/event-schema';
import { ConcurrencyConflictError, IdempotencyKeyReusedError } from './errors';
import { shardOf, type CommitDraft, type EventStorage, type StoredCommit } from './storage';
import type { AppendOptions, AppendResult, Commit, EventStore, ExpectedVersion, NewEvent, RecordedEvent } from './types';
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

  return {
    async append(streamId, events, appendOptions) {
      validateAppend(registry, limits, streamId, events, appendOptions);
      const { commandId, expectedVersion } = appendOptions;

      const earlier = await storage.findCommitByCommand(streamId, commandId);
      if (earlier) return replayOf(earlier, events);

      for (;;) {
        const head = await storage.streamHead(streamId);
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
            // `any` promises no check, so it simply tries again after the new head; the others lost a race.
            if (expectedVersion === 'any') continue;
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
};
