import type { Collection } from 'mongodb';
import { gapDocument, type StoredDocument } from './commitDocument';
import { isDuplicateKey } from './duplicateKey';
import { POSITION_COUNTER, type CounterDocument } from './ensureIndexes';

/**
 * Takes the next global position. On MongoDB `$inc` is atomic and every caller gets its own number. FerretDB 1.24
 * on SQLite loses concurrent updates (measured: 60 concurrent increments moved the counter by 15), so two writers
 * may be handed the same number; the unique position index then refuses the second insert and its writer takes
 * another. Every number up to the counter was handed to somebody, so a missing position is always a writer's.
 */
export const allocatePosition = async (counters: Collection<CounterDocument>): Promise<number> => {
  const counter = await counters.findOneAndUpdate(
    { _id: POSITION_COUNTER },
    { $inc: { value: 1 } },
    { upsert: true, returnDocument: 'after' },
  );
  if (!counter) throw new Error('the position counter returned no document');
  return counter.value;
};

/** After a collision on `position`, moves the counter past it so the next allocation does not collide again. */
export const moveCounterPast = async (counters: Collection<CounterDocument>, position: number): Promise<void> => {
  await counters.updateOne({ _id: POSITION_COUNTER }, { $max: { value: position } });
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
