import type { StoredCommit } from '@carebridge/event-store';
import type { Db, MongoClient } from 'mongodb';

/** Most commits kept per database; older ones are read from the server again if a relay still needs them. */
const KEPT = 10_000;

/**
 * The commits this process appended lately, by position, for the outbox relay of the same process. A run of
 * positions after + 1, after + 2, ... found here is exactly what a read of the log would return (a position holds
 * one document, under a unique index), so the relay skips the read: a publish then costs no round trip to the
 * store at all. A commit from another process, a placeholder, or one evicted here breaks the run, and the relay
 * reads the server, a page of the log at a time (ADR 0010).
 */
export type RecentCommits = {
  add(commit: StoredCommit): void;
  /** The commits at after + 1, after + 2, ... while each is here, at most `limit`. */
  runAfter(after: number, limit: number): StoredCommit[];
};

const createRecentCommits = (): RecentCommits => {
  const byPosition = new Map<number, StoredCommit>();
  return {
    add(commit) {
      byPosition.set(commit.position, commit);
      // A Map iterates in insertion order: the first key is the oldest commit added.
      if (byPosition.size > KEPT) byPosition.delete(byPosition.keys().next().value!);
    },
    runAfter(after, limit) {
      const run: StoredCommit[] = [];
      for (let next = byPosition.get(after + 1); next && run.length < limit; next = byPosition.get(next.position + 1))
        run.push(next);
      return run;
    },
  };
};

// Keyed by client and database name: `client.db(name)` makes a new Db object on every call.
const registry = new WeakMap<MongoClient, Map<string, RecentCommits>>();

/** The one RecentCommits of this database in this process. */
export const recentCommitsOf = (db: Db): RecentCommits => {
  let byName = registry.get(db.client);
  if (!byName) registry.set(db.client, (byName = new Map<string, RecentCommits>()));
  let recent = byName.get(db.databaseName);
  if (!recent) byName.set(db.databaseName, (recent = createRecentCommits()));
  return recent;
};
