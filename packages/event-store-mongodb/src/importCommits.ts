import type { CommitDraft } from '@carebridge/event-store';
import type { Db } from 'mongodb';
import { toDocument } from './commitDocument';
import { collectionsOf, ensureIndexes } from './ensureIndexes';
import { crossesHint, LOG_HEAD, LOG_HINT_EVERY, raiseHint } from './heads';
import { highestPosition } from './positions';

/** Commits per insertMany: FerretDB splits a batch into statements of its own, so this only bounds memory. */
const CHUNK = 1000;

/**
 * Writes a history in bulk (a migration from another system, a benchmark's seed): the drafts must continue their
 * streams (each one's fromVersion follows what is stored) and nothing else may write while it runs; positions
 * follow the highest one stored, in the drafts' order. The documents, pages and hints are the ones an append
 * writes, so the result reads exactly as if each commit had been appended.
 */
export const importCommits = async (db: Db, drafts: readonly CommitDraft[]): Promise<{ lastPosition: number }> => {
  await ensureIndexes(db);
  const { commits, heads } = collectionsOf(db);
  let position = await highestPosition(commits, heads);
  const streamEnds = new Map<string, number>();
  for (let start = 0; start < drafts.length; start += CHUNK) {
    const chunk = drafts.slice(start, start + CHUNK);
    const docs = chunk.map((draft) => toDocument(draft, ++position));
    await commits.insertMany(docs, { ordered: true });
    for (const draft of chunk)
      if (crossesHint(draft.fromVersion, draft.toVersion)) streamEnds.set(draft.streamId, draft.toVersion);
  }
  for (const [streamId, version] of streamEnds) await raiseHint(heads, streamId, version);
  const lastHinted = position - (position % LOG_HINT_EVERY);
  if (lastHinted > 0) await raiseHint(heads, LOG_HEAD, lastHinted);
  return { lastPosition: position };
};
