import type { Db } from 'mongodb';
import { EventStoreError, type CommitDraft, type EventStorage, type InsertOutcome } from '@carebridge/event-store';
import { fromDocument, GAP_STREAM, isGap, toDocument, type CommitDocument } from './commitDocument';
import { isDuplicateKey } from './duplicateKey';
import { collectionsOf, ensureIndexes, type StoreCollections } from './ensureIndexes';
import { crossesHint, hintOf, LOG_HEAD, LOG_HINT_EVERY, raiseHint, walkStream } from './heads';
import { highestPosition } from './positions';
import { createLogReader } from './readAllWithHoles';
import { recentCommitsOf } from './recentCommits';

export type MongoEventStorageOptions = {
  /** The store's own database; the caller owns the client and closes it. */
  readonly db: Db;
  /** How long readAll waits for a hole in the global order before closing it (default 3 s). */
  readonly gapGraceMs?: number;
};

/** Attempts per append when its position keeps being taken by writers in other processes. */
const MAX_POSITION_ATTEMPTS = 100;

type Collision =
  { readonly kind: 'command'; readonly first: CommitDocument } | { readonly kind: 'version' | 'position' };

/** Which unique index refused the insert, most meaningful first: a replay that also raced on the version is a replay. */
const whichCollided = async ({ commits }: StoreCollections, draft: CommitDraft): Promise<Collision> => {
  const first = await commits.findOne({ streamId: draft.streamId, commandId: draft.commandId });
  if (first && !isGap(first)) return { kind: 'command', first };
  if (await commits.findOne({ streamId: draft.streamId, fromVersion: draft.fromVersion }, { projection: { _id: 1 } }))
    return { kind: 'version' };
  return { kind: 'position' };
};

const failure = (what: string, cause: unknown) => new EventStoreError(`mongodb: ${what}`, { cause });

/**
 * The MongoDB adapter: one commit document per append, single-document writes only (no transactions, no change
 * streams), so it runs on MongoDB and on FerretDB alike. See docs/adr/0002-global-order-without-transactions.md.
 */
export const createMongoEventStorage = async (options: MongoEventStorageOptions): Promise<EventStorage> => {
  const collections = collectionsOf(options.db);
  const { commits, heads: hints } = collections;
  await ensureIndexes(options.db);
  const readAll = createLogReader({ commits, heads: hints, gapGraceMs: options.gapGraceMs ?? 3000 });
  // Handed to this process's outbox relay, which then need not read them back (see recentCommits.ts).
  const recent = recentCommitsOf(options.db);

  // Heads this process has seen (from reads and its own appends): appends trust them optimistically.
  const heads = new Map<string, number>();
  const sawHead = (streamId: string, toVersion: number) => {
    if (heads.size > 50_000) heads.clear();
    if ((heads.get(streamId) ?? -1) < toVersion) heads.set(streamId, toVersion);
  };

  /**
   * Global positions without a counter: a commit takes the highest position this process knows of, plus one,
   * under the unique position index. Inserts from one process go one at a time, so a position is only ever tried
   * once every lower one holds a commit: positions stay contiguous, and readAll never meets a hole that fills in
   * later. A writer whose knowledge was stale collides, learns the real highest position and tries again.
   */
  let highestKnown: number | undefined;
  let insertQueue: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    const run = insertQueue.then(work, work);
    insertQueue = run.catch(() => undefined);
    return run;
  };

  const insertInOrder = (draft: CommitDraft): Promise<InsertOutcome> =>
    oneAtATime(async () => {
      for (let attempt = 1; attempt <= MAX_POSITION_ATTEMPTS; attempt++) {
        highestKnown ??= await highestPosition(commits, hints);
        const position = highestKnown + 1;
        try {
          const doc = toDocument(draft, position);
          await commits.insertOne(doc);
          highestKnown = position;
          recent.add(fromDocument(doc));
          sawHead(draft.streamId, draft.toVersion);
          return { kind: 'appended', position };
        } catch (error) {
          // Unknown outcome (e.g. the connection dropped): forget what we knew and let the caller see the failure.
          highestKnown = undefined;
          if (!isDuplicateKey(error)) throw failure(`could not append to ${draft.streamId}`, error);
          const collision = await whichCollided(collections, draft);
          switch (collision.kind) {
            case 'command':
              return { kind: 'replayed', commit: fromDocument(collision.first) };
            case 'version':
              return { kind: 'version_taken' };
            case 'position':
              // Another process took `position`: learn the highest position from there on. A short random pause
              // spreads writers of several processes apart.
              highestKnown = await highestPosition(commits, hints, position);
              await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, attempt * 5)));
              continue;
            default: {
              const unreachable: never = collision;
              throw new Error(`unexpected collision ${JSON.stringify(unreachable)}`, { cause: error });
            }
          }
        }
      }
      throw failure(`no free global position for ${draft.streamId} after ${MAX_POSITION_ATTEMPTS} attempts`, undefined);
    });

  /** Refreshes the hints now and then (heads.ts), outside the insert queue: they only shorten later walks. */
  const insertCommit = async (draft: CommitDraft): Promise<InsertOutcome> => {
    const outcome = await insertInOrder(draft);
    if (outcome.kind === 'appended') {
      if (crossesHint(draft.fromVersion, draft.toVersion)) await raiseHint(hints, draft.streamId, draft.toVersion);
      if (outcome.position % LOG_HINT_EVERY === 0) await raiseHint(hints, LOG_HEAD, outcome.position);
    }
    return outcome;
  };

  /** A whole stream, from its first commit, by the streamId equality; placeholders never carry a stream id. */
  const wholeStream = async (streamId: string) =>
    (await commits.find({ streamId }).sort({ fromVersion: 1 }).toArray()).flatMap((doc) =>
      isGap(doc) ? [] : [fromDocument(doc)],
    );

  /** A stream's head: from the highest end known (this process's, or the stream's hint), walk the commits after it. */
  const headOf = async (streamId: string): Promise<number> => {
    const known = Math.max(heads.get(streamId) ?? 0, await hintOf(hints, streamId));
    const head = (await walkStream(commits, streamId, known)).at(-1)?.toVersion ?? known;
    sawHead(streamId, head);
    return head;
  };

  const guarded =
    <A extends unknown[], R>(what: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } catch (error) {
        throw error instanceof EventStoreError ? error : failure(what, error);
      }
    };

  return {
    name: 'mongodb',
    insertCommit: guarded('append failed', insertCommit),
    findCommitByCommand: guarded('command lookup failed', async (streamId, commandId) => {
      const doc = await commits.findOne({ streamId, commandId });
      return doc && !isGap(doc) ? fromDocument(doc) : undefined;
    }),
    streamHead: guarded('stream head lookup failed', headOf),
    cachedHead: (streamId) => heads.get(streamId),
    readStream: guarded('stream read failed', async (streamId, fromVersion) => {
      if (fromVersion <= 1) {
        const whole = await wholeStream(streamId);
        sawHead(streamId, whole.at(-1)?.toVersion ?? 0);
        return whole;
      }
      // Catching up from a known version, the common case of a cached aggregate: a lookup per newer commit.
      const newer = await walkStream(commits, streamId, fromVersion - 1);
      if (newer.length > 0) return newer.map(fromDocument);
      // No commit starts at fromVersion: the stream ends before it, or fromVersion falls inside a commit.
      if ((await headOf(streamId)) < fromVersion) return [];
      return (await wholeStream(streamId)).filter((commit) => commit.toVersion >= fromVersion);
    }),
    readAll: guarded('readAll failed', readAll),
    // The client belongs to the caller (it is usually shared with read models).
    close: () => Promise.resolve(),
  };
};

export { GAP_STREAM };
