import type { Collection } from 'mongodb';
import { gapDocument, type StoredDocument } from './commitDocument';
import { isDuplicateKey } from './duplicateKey';

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
