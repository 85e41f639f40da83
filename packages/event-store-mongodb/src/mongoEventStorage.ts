import type { Db } from 'mongodb';
import { EventStoreError, type CommitDraft, type EventStorage, type InsertOutcome } from '@carebridge/event-store';
import { fromDocument, GAP_STREAM, isGap, toDocument, type CommitDocument } from './commitDocument';
import { isDuplicateKey } from './duplicateKey';
import { collectionsOf, ensureIndexes, type StoreCollections } from './ensureIndexes';
import { allocatePosition, fillGaps, moveCounterPast } from './positions';
import { createLogReader } from './readAllWithHoles';

export type MongoEventStorageOptions = {
  /** The store's own database; the caller owns the client and closes it. */
  readonly db: Db;
  /** How long readAll waits for a hole in the global order before closing it (default 3 s). */
  readonly gapGraceMs?: number;
};

/** Attempts per append when its position keeps being taken (only under FerretDB's non-atomic counter). */
const MAX_POSITION_ATTEMPTS = 25;

type Collision = { readonly kind: 'command'; readonly first: CommitDocument } | { readonly kind: 'version' | 'position' | 'unknown' };

/** Which unique index refused the insert, most meaningful first: a replay that also raced on the version is a replay. */
const whichCollided = async ({ commits }: StoreCollections, draft: CommitDraft, position: number): Promise<Collision> => {
  const first = await commits.findOne({ streamId: draft.streamId, commandId: draft.commandId });
  if (first && !isGap(first)) return { kind: 'command', first };
  const taken = await commits.findOne({ streamId: draft.streamId, fromVersion: draft.fromVersion });
  // Seen on FerretDB under load: the first lookup misses a commit the second one finds. Same command, same answer.
  if (taken && !isGap(taken) && taken.commandId === draft.commandId) return { kind: 'command', first: taken };
  if (taken) return { kind: 'version' };
  if (await commits.findOne({ position }, { projection: { _id: 1 } })) return { kind: 'position' };
  return { kind: 'unknown' };
};

const failure = (what: string, cause: unknown) => new EventStoreError(`mongodb: ${what}`, { cause });

/**
 * The MongoDB adapter: one commit document per append, single-document writes only (no transactions, no change
 * streams), so it runs on MongoDB and on FerretDB alike. See docs/adr/0002-global-order-without-transactions.md.
 */
export const createMongoEventStorage = async (options: MongoEventStorageOptions): Promise<EventStorage> => {
  const collections = collectionsOf(options.db);
  const { commits, counters } = collections;
  await ensureIndexes(options.db);
  const readAll = createLogReader({ commits, gapGraceMs: options.gapGraceMs ?? 3000 });

  // Position of the head each streamHead call saw, so the insert that usually follows needs no extra query.
  const headsSeen = new Map<string, { toVersion: number; position: number }>();
  const previousPosition = async ({ streamId, fromVersion }: CommitDraft): Promise<number> => {
    if (fromVersion === 1) return 0;
    const seen = headsSeen.get(streamId);
    headsSeen.delete(streamId);
    if (seen?.toVersion === fromVersion - 1) return seen.position;
    const previous = await commits.findOne({ streamId, toVersion: fromVersion - 1 }, { projection: { position: 1 } });
    return previous?.position ?? 0;
  };

  const insertCommit = async (draft: CommitDraft): Promise<InsertOutcome> => {
    const after = await previousPosition(draft);
    for (let attempt = 1; attempt <= MAX_POSITION_ATTEMPTS; attempt++) {
      const position = await allocatePosition(counters);
      if (position <= after) {
        // Only with a non-atomic counter (FerretDB): a number below the stream's last commit would put this
        // commit before its predecessor in readAll. Give it back and move on past the predecessor.
        await fillGaps(commits, [position]);
        await moveCounterPast(counters, after);
        continue;
      }
      try {
        await commits.insertOne(toDocument(draft, position));
        return { kind: 'appended', position };
      } catch (error) {
        // Unknown outcome (e.g. the connection dropped): the hole, if any, is closed by readers after the grace period.
        if (!isDuplicateKey(error)) throw failure(`could not append to ${draft.streamId}`, error);
        const collision = await whichCollided(collections, draft, position);
        switch (collision.kind) {
          case 'command':
            await fillGaps(commits, [position]);
            return { kind: 'replayed', commit: fromDocument(collision.first) };
          case 'version':
            await fillGaps(commits, [position]);
            return { kind: 'version_taken' };
          case 'position':
            await moveCounterPast(counters, position);
            continue;
          case 'unknown':
            // Nothing visible explains the collision yet: give the position back (if it is free) and try again.
            await fillGaps(commits, [position]);
            continue;
          default: {
            const unreachable: never = collision;
            throw new Error(`unexpected collision ${JSON.stringify(unreachable)}`);
          }
        }
      }
    }
    throw failure(`no free global position for ${draft.streamId} after ${MAX_POSITION_ATTEMPTS} attempts`, undefined);
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
    streamHead: guarded('stream head lookup failed', async (streamId) => {
      const [last] = await commits.find({ streamId }).sort({ fromVersion: -1 }).limit(1).toArray();
      if (!last || isGap(last)) return 0;
      if (headsSeen.size > 10_000) headsSeen.clear();
      headsSeen.set(streamId, { toVersion: last.toVersion, position: last.position });
      return last.toVersion;
    }),
    readStream: guarded('stream read failed', async (streamId, fromVersion) => {
      const docs = await commits.find({ streamId, toVersion: { $gte: fromVersion } }).sort({ fromVersion: 1 }).toArray();
      return docs.flatMap((doc) => (isGap(doc) ? [] : [fromDocument(doc)]));
    }),
    readAll: guarded('readAll failed', readAll),
    // The client belongs to the caller (it is usually shared with read models).
    close: async () => undefined,
  };
};

export { GAP_STREAM };
