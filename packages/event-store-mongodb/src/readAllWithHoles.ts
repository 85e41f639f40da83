import type { Collection } from 'mongodb';
import type { StoredCommit } from '@carebridge/event-store';
import { fromDocument, isGap, LOG_PAGE_SIZE, pageOf, type StoredDocument } from './commitDocument';
import type { HeadDocument } from './ensureIndexes';
import { hintOf, LOG_HEAD } from './heads';
import { fillGaps } from './positions';

export type LogReaderOptions = {
  readonly commits: Collection<StoredDocument>;
  readonly heads: Collection<HeadDocument>;
  /** How long a hole in the positions may stay open before a reader closes it with a placeholder. */
  readonly gapGraceMs: number;
  readonly now?: () => number;
};

/** Pages read per call at most; a reader far behind comes back for more. */
const MAX_PASSES = 50;

const lastOfPage = (position: number): number => (pageOf(position) + 1) * LOG_PAGE_SIZE - 1;

/**
 * readAll over the global log, one page at a time. Every query is an equality on an indexed field: the next
 * position (is anything there?), the page that holds it, and the log's hint. A range over positions would be
 * simpler, but FerretDB 1.24 pushes no range down to its backend and would read the whole log (ADR 0010).
 *
 * The reader returns commits up to the first hole and stops there. Positions are contiguous under the store's
 * discipline (ADR 0002); a hole comes only from outside it (a restore, a manual insert). A hole ends when its commit
 * lands, or when it has been open longer than the grace period: then the reader fills it with placeholders. Because
 * a placeholder takes the position under the unique index, a writer that was merely slow then fails on `position`
 * and retries with a new one; nothing is skipped.
 */
export const createLogReader = ({ commits, heads, gapGraceMs, now = Date.now }: LogReaderOptions) => {
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

  /** The documents of the page holding `after + 1` that lie above `after`, in position order. */
  const pageAbove = async (after: number): Promise<StoredDocument[]> =>
    (await commits.find({ page: pageOf(after + 1) }).toArray())
      .filter((doc) => doc.position > after)
      .sort((a, b) => a.position - b.position);

  /** The document at exactly this position: also finds one written before pages existed. */
  const at = (position: number) => commits.findOne({ position });

  return async (after: number, limit: number): Promise<{ commits: StoredCommit[]; checkpoint: number }> => {
    const found: StoredCommit[] = [];
    let checkpoint = after;
    const take = (doc: StoredDocument) => {
      checkpoint = doc.position;
      if (!isGap(doc)) found.push(fromDocument(doc));
    };
    // The idle case, which a polling relay meets most: nothing at the next position, nothing known above it.
    if (!(await at(after + 1)) && (await hintOf(heads, LOG_HEAD)) <= after + 1) return { commits: [], checkpoint };

    for (let pass = 0; pass < MAX_PASSES && found.length < limit; pass++) {
      const docs = await pageAbove(checkpoint);
      let next = 0;
      while (next < docs.length && docs[next]!.position === checkpoint + 1 && found.length < limit) take(docs[next++]!);
      if (found.length >= limit) break;
      // The page is used up: go on to the next one.
      if (checkpoint === lastOfPage(checkpoint) && next === docs.length) continue;
      const missing = checkpoint + 1;
      const exact = await at(missing);
      if (exact) {
        // Written before pages existed, or just landed: take it and read on.
        take(exact);
        continue;
      }
      const above = docs[next]?.position ?? ((await hintOf(heads, LOG_HEAD)) > missing ? lastOfPage(missing) + 1 : 0);
      if (above === 0) break; // nothing above: the end of the log
      if (!holeIsStale(missing)) break;
      const end = Math.min(above - 1, lastOfPage(missing));
      await fillGaps(
        commits,
        Array.from({ length: end - missing + 1 }, (_, i) => missing + i),
      );
      holesSeen.delete(missing);
      // A late commit may have taken some of those positions first: the next pass reads them again.
    }
    forgetUpTo(checkpoint);
    return { commits: found, checkpoint };
  };
};
