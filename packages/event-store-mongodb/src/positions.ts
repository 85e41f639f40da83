import type { Collection } from 'mongodb';
import { gapDocument, type StoredDocument } from './commitDocument';
import { isDuplicateKey } from './duplicateKey';
import type { HeadDocument } from './ensureIndexes';
import { hintOf, LOG_HEAD } from './heads';

/** True when a commit or a placeholder holds the position: one lookup by equality on the unique position index. */
export const positionTaken = async (commits: Collection<StoredDocument>, position: number): Promise<boolean> =>
  (await commits.findOne({ position }, { projection: { _id: 1 } })) !== null;

/**
 * The highest position that holds a document, found by lookups on the position index alone: from a position known
 * to be taken (this process's, or the log's hint), gallop up in doubling steps to a free one, then halve the gap.
 * Positions are contiguous (ADR 0002), so "taken" holds up to the highest and not above it: about 2·log2(n)
 * lookups when nothing is known, a handful when the start is close. FerretDB 1.24 cannot push a sort down, so
 * `sort({position: -1}).limit(1)` would read the whole log instead.
 */
export const highestPosition = async (
  commits: Collection<StoredDocument>,
  heads: Collection<HeadDocument>,
  knownTaken = 0,
): Promise<number> => {
  let low = Math.max(knownTaken, await hintOf(heads, LOG_HEAD));
  let step = 1;
  while (await positionTaken(commits, low + step)) {
    low += step;
    step *= 2;
  }
  let high = low + step;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (await positionTaken(commits, middle)) low = middle;
    else high = middle;
  }
  return low;
};

/**
 * Fills positions that will never hold a commit with placeholders, so readers do not wait for them. A position
 * already taken (by a commit that arrived first, or by another placeholder) is left as it is.
 */
export const fillGaps = async (commits: Collection<StoredDocument>, positions: readonly number[]): Promise<void> => {
  if (positions.length === 0) return;
  try {
    await commits.insertMany(positions.map(gapDocument), { ordered: false });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
};
