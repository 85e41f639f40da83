import type { CollectionStorage, DocumentStorage, JsonValue, StoredRecord } from '@carebridge/document-store';
import { MongoServerError, type Db, type Filter } from 'mongodb';
import { fieldOf, mongoFilter, mongoSort } from './mongoFilter';
import { claimRevision, latestRevision, toRecord, toRevision, type RevisionDocument } from './mongoRevisions';

/** What queries read: the newest revision of each document, data under `data` (null for a tombstone). */
type ViewDocument = { _id: string; data: Record<string, JsonValue> | null; rev: number };

const DUPLICATE_KEY = 11000;

const collectionStorage = (db: Db, name: string, indexes: readonly string[]): CollectionStorage => {
  const view = db.collection<ViewDocument>(name);
  const revisions = db.collection<RevisionDocument>(`${name}__revisions`);
  // Indexes are made once, before the first operation; collection() itself stays synchronous.
  let ready: Promise<unknown> | undefined;
  const prepared = async (): Promise<void> => {
    ready ??= Promise.all([
      revisions.createIndex({ docId: 1, rev: -1 }),
      ...indexes.map((path) => view.createIndex({ [fieldOf(path)]: 1 })),
    ]);
    await ready;
  };

  const writeView = async (doc: RevisionDocument): Promise<void> => {
    const fields = { data: doc.data, rev: doc.rev };
    try {
      await view.updateOne({ _id: doc.docId }, { $set: fields }, { upsert: true });
    } catch (error) {
      // Two first upserts raced to insert; the document exists now, so set it.
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
      await view.updateOne({ _id: doc.docId }, { $set: fields });
    }
  };

  /**
   * Brings the queried view up to the newest revision, searching from the one this writer just wrote. Writers may
   * land their view writes out of order, so each one looks again after writing; the last writer to finish leaves
   * the view current.
   */
  const syncView = async (claimed: RevisionDocument): Promise<void> => {
    let written = -1;
    for (let from = claimed; ;) {
      const latest = await latestRevision(revisions, claimed.docId, from);
      if (!latest || latest.rev === written) return;
      await writeView(latest);
      written = latest.rev;
      from = latest;
    }
  };

  /** The view's revision: where the search for the newest one starts. */
  const viewRevision = async (docId: string): Promise<number | undefined> =>
    (await view.findOne({ _id: docId }, { projection: { rev: 1 } }))?.rev;

  const claim = async (id: string, record: StoredRecord): Promise<boolean> => {
    await prepared();
    const revision = toRevision(id, record);
    if (!(await claimRevision(revisions, revision))) return false;
    await syncView(revision);
    return true;
  };

  return {
    load: async (id) => {
      await prepared();
      const latest = await latestRevision(revisions, id, await viewRevision(id));
      return latest ? toRecord(latest) : undefined;
    },
    insert: (id, record) => claim(id, record),
    replace: (id, _expectedRevision, record) => claim(id, record),
    remove: async (id) => {
      await prepared();
      await revisions.deleteMany({ docId: id });
      await view.deleteOne({ _id: id });
    },
    find: async (conditions, page) => {
      await prepared();
      const docs = await view
        .find(mongoFilter(conditions) as Filter<ViewDocument>, { projection: { data: 1 } })
        .sort(mongoSort(page.sort))
        .skip(page.offset)
        .limit(page.limit)
        .toArray();
      return docs.map((doc) => doc.data ?? {});
    },
    count: async (conditions) => {
      await prepared();
      return view.countDocuments(mongoFilter(conditions) as Filter<ViewDocument>);
    },
    removeAll: async () => {
      await prepared();
      await revisions.deleteMany({});
      await view.deleteMany({});
    },
  };
};

/**
 * Storage over one MongoDB database (FerretDB included), using single-document inserts as the only atomic step:
 * per read model a view collection (queried) and a `__revisions` collection (the record of truth for applyOnce).
 */
export const mongoDocumentStorage = (
  db: Db,
  close: () => Promise<void> = () => Promise.resolve(),
): DocumentStorage => ({
  collection: (name, indexes) => collectionStorage(db, name, indexes),
  close,
});
