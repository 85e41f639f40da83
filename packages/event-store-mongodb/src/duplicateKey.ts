import { MongoServerError, MongoBulkWriteError } from 'mongodb';

const DUPLICATE_KEY = 11000;

/**
 * True for E11000. FerretDB reports neither keyPattern nor the index name ("E11000 duplicate key error
 * collection: db.commits"), so callers find out WHICH index collided by asking the indexes themselves.
 */
export const isDuplicateKey = (error: unknown): boolean => {
  if (error instanceof MongoBulkWriteError) {
    const errors = error.writeErrors;
    const list = Array.isArray(errors) ? errors : [errors];
    return list.length > 0 && list.every((e) => e.code === DUPLICATE_KEY);
  }
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
};
