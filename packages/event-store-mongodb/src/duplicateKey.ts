const DUPLICATE_KEY = 11000;

type WithCode = { readonly code?: unknown; readonly writeErrors?: unknown };

/**
 * True for E11000, also from insertMany (every write error a duplicate). By code, not `instanceof`, so it holds
 * whichever copy of the driver raised it. FerretDB reports neither keyPattern nor the index name ("E11000
 * duplicate key error collection: db.commits"), so callers find out WHICH index collided by asking the indexes.
 */
export const isDuplicateKey = (error: unknown): boolean => {
  if (typeof error !== 'object' || error === null) return false;
  const { code, writeErrors } = error as WithCode;
  if (writeErrors !== undefined) {
    const list = (Array.isArray(writeErrors) ? writeErrors : [writeErrors]) as WithCode[];
    return list.length > 0 && list.every((e) => e.code === DUPLICATE_KEY);
  }
  return code === DUPLICATE_KEY;
};
