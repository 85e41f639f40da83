import { appliedFromPairs, appliedToPairs, type JsonValue, type StoredRecord } from '@carebridge/document-store';
import { MongoServerError, type Collection } from 'mongodb';

/**
 * One revision of one document. Inserting revision n+1 is the compare-and-set: the unique _id lets exactly one
 * writer take each revision. A conditional update would not do: FerretDB 1.x evaluates an update's filter and
 * writes in two steps, so racing `updateOne({_id, rev})` calls all "match" and overwrite each other.
 */
export type RevisionDocument = {
  _id: string;
  docId: string;
  rev: number;
  data: Record<string, JsonValue> | null;
  applied: { s: string; v: number }[];
  at: Date;
};

const DUPLICATE_KEY = 11000;
/** Superseded revisions older than this are pruned; far above MAX_READ_TO_WRITE_MS plus clock skew. */
const PRUNE_AFTER_MS = 60 * 60 * 1000;
const PRUNE_EVERY = 16;

export const revisionId = (docId: string, rev: number): string => JSON.stringify([docId, rev]);

export const toRecord = (doc: RevisionDocument): StoredRecord => ({
  data: doc.data ?? undefined,
  revision: doc.rev,
  applied: appliedFromPairs(doc.applied.map(({ s, v }) => [s, v])),
});

export const toRevision = (docId: string, record: StoredRecord): RevisionDocument => ({
  _id: revisionId(docId, record.revision),
  docId,
  rev: record.revision,
  data: record.data ?? null,
  applied: appliedToPairs(record.applied).map(([s, v]) => ({ s, v })),
  at: new Date(),
});

/**
 * The newest revision of a document. `from` is a revision known to exist (the view's number, or a revision just
 * written): the newer ones are looked up by `_id`, one lookup apiece, so the cost does not grow with the revisions
 * a busy document keeps until they are pruned. Without a starting point, all of its revisions are read (a new or
 * removed document has none).
 */
export const latestRevision = async (
  revisions: Collection<RevisionDocument>,
  docId: string,
  from?: number | RevisionDocument,
): Promise<RevisionDocument | null> => {
  let latest = typeof from === 'number' ? await revisions.findOne({ _id: revisionId(docId, from) }) : (from ?? null);
  if (!latest) return revisions.find({ docId }).sort({ rev: -1 }).limit(1).next();
  for (;;) {
    const next: RevisionDocument | null = await revisions.findOne({ _id: revisionId(docId, latest.rev + 1) });
    if (!next) return latest;
    latest = next;
  }
};

/** True when this writer took the revision; false when another writer already holds it. */
export const claimRevision = async (
  revisions: Collection<RevisionDocument>,
  revision: RevisionDocument,
): Promise<boolean> => {
  try {
    await revisions.insertOne(revision);
  } catch (error) {
    if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return false;
    throw error;
  }
  if (revision.rev % PRUNE_EVERY === 0) {
    // Old revisions only; the newest always stays, and no writer still holds a read that old.
    await revisions.deleteMany({
      docId: revision.docId,
      rev: { $lt: revision.rev },
      at: { $lt: new Date(Date.now() - PRUNE_AFTER_MS) },
    });
  }
  return true;
};
