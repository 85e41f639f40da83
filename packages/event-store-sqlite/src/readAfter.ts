import type { StoredCommit } from '@carebridge/event-store';
import type { Database } from 'better-sqlite3';
import { fromRow, type CommitRow } from './commitRow';

/**
 * Commits after a position, in position order, and the position read up to: the store's readAll and the outbox
 * relay's read. SQLite allocates positions inside its write lock, so commits become visible in position order and
 * this read never passes over one that is yet to appear.
 */
export const prepareReadAfter = (db: Database) => {
  const after = db.prepare<[number, number], CommitRow>(
    'SELECT * FROM commits WHERE position > ? ORDER BY position LIMIT ?',
  );
  return (position: number, limit: number): { commits: StoredCommit[]; checkpoint: number } => {
    const commits = after.all(position, limit).map(fromRow);
    return { commits, checkpoint: commits.at(-1)?.position ?? position };
  };
};
