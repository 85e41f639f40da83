import type { Collection } from 'mongodb';
import { isGap, type CommitDocument, type StoredDocument } from './commitDocument';
import { isDuplicateKey } from './duplicateKey';
import type { HeadDocument } from './ensureIndexes';

/** The `commit_heads` document of the global log (no stream id starts with `$`). */
export const LOG_HEAD = '$log';

/**
 * How often a writer refreshes a hint: when a stream's versions cross a multiple of this, and when a position is
 * a multiple of LOG_HINT_EVERY. Hints spare writes on most appends; a reader walks at most this far past one.
 */
export const STREAM_HINT_EVERY = 16;
export const LOG_HINT_EVERY = 64;

export const crossesHint = (fromVersion: number, toVersion: number): boolean =>
  Math.floor(toVersion / STREAM_HINT_EVERY) > Math.floor((fromVersion - 1) / STREAM_HINT_EVERY);

/** The hint under `_id`, 0 when none. A hint is the end of a commit that exists; it may lag, never lead. */
export const hintOf = async (heads: Collection<HeadDocument>, id: string): Promise<number> =>
  (await heads.findOne({ _id: id }))?.version ?? 0;

/**
 * Raises a hint. `$max` is not applied atomically by FerretDB (ADR 0002), so two writers may leave the lower
 * value: a hint only ever lags, which costs a reader a few more lookups and never a wrong answer.
 */
export const raiseHint = async (heads: Collection<HeadDocument>, id: string, version: number): Promise<void> => {
  try {
    await heads.updateOne({ _id: id }, { $max: { version } }, { upsert: true });
  } catch (error) {
    // Two first upserts raced on the _id: the document exists now.
    if (!isDuplicateKey(error)) throw error;
    await heads.updateOne({ _id: id }, { $max: { version } });
  }
};

/**
 * A stream's commits after `afterVersion`, which must end a commit (or be 0): each one found by its stream and
 * first version, one lookup on the unique (streamId, fromVersion) index apiece. The cost is one lookup per
 * commit returned plus one, whatever the length of the stream.
 */
export const walkStream = async (
  commits: Collection<StoredDocument>,
  streamId: string,
  afterVersion: number,
): Promise<CommitDocument[]> => {
  const found: CommitDocument[] = [];
  for (let version = afterVersion; ;) {
    const next = await commits.findOne({ streamId, fromVersion: version + 1 });
    if (!next || isGap(next)) return found;
    found.push(next);
    version = next.toVersion;
  }
};
