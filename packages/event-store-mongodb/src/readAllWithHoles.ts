import type { Collection } from 'mongodb';
import type { StoredCommit } from '@carebridge/event-store';
import { fromDocument, isGap, type StoredDocument } from './commitDocument';
import { fillGaps } from './positions';

export type LogReaderOptions = {
  readonly commits: Collection<StoredDocument>;
  /** How long a hole in the positions may stay open before a reader closes it with a placeholder. */
  readonly gapGraceMs: number;
  readonly now?: () => number;
};

/** Most placeholders one read writes; a longer hole is closed over several reads. */
const MAX_GAPS_PER_READ = 1000;
const MAX_PASSES = 50;

/**
 * readAll over positions that are allocated before the insert, so a commit may become visible after a higher
 * one. The reader returns commits up to the first hole and stops there. A hole ends when its commit lands, when
 * its writer fills it (a writer that lost its insert does so at once), or when it has been open longer than the
 * grace period: then the reader fills it itself. Because a placeholder takes the position under the unique
 * index, a writer that was merely slow then fails on `position` and retries with a new one; nothing is skipped.
 */
export const createLogReader = ({ commits, gapGraceMs, now = Date.now }: LogReaderOptions) => {
  /** When each open hole (by its first position) was first seen. */
  const holesSeen = new Map<number, number>();
  const forgetUpTo = (position: number) => {
    for (const start of holesSeen.keys()) if (start <= position) holesSeen.delete(start);
  };
  const holeIsStale = (start: number): boolean => {
    const seen = holesSeen.get(start);
    if (seen === undefined) {
      holesSeen.set(start, now());
      return false;
    }
    return now() - seen >= gapGraceMs;
  };

  return async (after: number, limit: number): Promise<{ commits: StoredCommit[]; checkpoint: number }> => {
    const found: StoredCommit[] = [];
    let checkpoint = after;
    for (let pass = 0; pass < MAX_PASSES && found.length < limit; pass++) {
      const want = limit - found.length;
      const docs = await commits
        .find({ position: { $gt: checkpoint } })
        .sort({ position: 1 })
        .limit(want)
        .toArray();
      let blocked = false;
      let closedHole = false;
      for (const doc of docs) {
        if (doc.position !== checkpoint + 1) {
          const start = checkpoint + 1;
          if (!holeIsStale(start)) {
            blocked = true;
            break;
          }
          const end = Math.min(doc.position - 1, start + MAX_GAPS_PER_READ - 1);
          await fillGaps(
            commits,
            Array.from({ length: end - start + 1 }, (_, i) => start + i),
          );
          holesSeen.delete(start);
          // A late commit may have taken some of those positions first: read them again.
          closedHole = true;
          break;
        }
        checkpoint = doc.position;
        if (!isGap(doc)) found.push(fromDocument(doc));
      }
      if (blocked || (!closedHole && docs.length < want)) break;
    }
    forgetUpTo(checkpoint);
    return { commits: found, checkpoint };
  };
};
