import { randomUUID } from 'node:crypto';
import { shardOf, type CommitDraft } from '@carebridge/event-store';
import { withMongoDb } from '@carebridge/test-engines';
import { LOG_PAGE_SIZE, toDocument, type CommitDocument } from './commitDocument';
import { collectionsOf } from './ensureIndexes';
import { hintOf, LOG_HEAD, LOG_HINT_EVERY, STREAM_HINT_EVERY } from './heads';
import { createMongoEventStorage } from './mongoEventStorage';
import { createMongoOutboxStorage } from './outboxStorage';

const draft = (streamId: string, fromVersion: number, toVersion = fromVersion): CommitDraft => ({
  commitId: randomUUID(),
  streamId,
  fromVersion,
  toVersion,
  events: Array.from({ length: toVersion - fromVersion + 1 }, () => ({
    eventId: randomUUID(),
    type: 'testing.ProbeRecorded',
    schemaVersion: 2,
    data: { probeId: 'x', note: '', severity: 'low' },
  })),
  commandId: randomUUID(),
  recordedAt: new Date(),
  shard: shardOf(streamId),
});

describe('the store finds heads, positions and pages by equality lookups', () => {
  it('a process that knows nothing finds a long stream head past its hint, and reads on from any version', () =>
    withMongoDb(async (db) => {
      const writer = await createMongoEventStorage({ db });
      const id = `long-${randomUUID()}`;
      // 40 versions: commits of one, and one commit of three (versions 20-22) to land in the middle of.
      for (let v = 1; v <= 40; v++) {
        if (v >= 20 && v <= 22) {
          if (v === 20) await writer.insertCommit(draft(id, 20, 22));
          continue;
        }
        await writer.insertCommit(draft(id, v));
      }
      expect(await hintOf(collectionsOf(db).heads, id)).toBe(2 * STREAM_HINT_EVERY);
      const reader = await createMongoEventStorage({ db });
      expect(await reader.streamHead(id)).toBe(40);
      expect((await reader.readStream(id, 38)).map((c) => c.fromVersion)).toEqual([38, 39, 40]);
      // Version 21 lies inside the commit of 20-22: that commit is returned whole, then the rest.
      expect((await reader.readStream(id, 21)).map((c) => c.fromVersion)).toEqual([20, ...range(23, 40)]);
      expect(await reader.readStream(id, 41)).toEqual([]);
      expect((await reader.readStream(id, 1)).length).toBe(38);
    }));

  it('a new process appends after the highest position it finds by galloping, from the log hint', () =>
    withMongoDb(async (db) => {
      const first = await createMongoEventStorage({ db });
      const count = 2 * LOG_HINT_EVERY + 5;
      for (let i = 0; i < count; i++) await first.insertCommit(draft(`s-${i}`, 1));
      expect(await hintOf(collectionsOf(db).heads, LOG_HEAD)).toBe(2 * LOG_HINT_EVERY);
      const second = await createMongoEventStorage({ db });
      expect(await second.insertCommit(draft('after', 1))).toEqual({ kind: 'appended', position: count + 1 });
    }));

  it('reads the log across pages from another connection, in order, each commit once', () =>
    withMongoDb(async (db) => {
      const writer = await createMongoEventStorage({ db });
      const count = 2 * LOG_PAGE_SIZE + 10;
      for (let i = 0; i < count; i++) await writer.insertCommit(draft(`p-${i}`, 1));
      const reader = await createMongoEventStorage({ db });
      const positions: number[] = [];
      for (let checkpoint = 0, done = false; !done;) {
        const page = await reader.readAll(checkpoint, 50);
        positions.push(...page.commits.map((c) => c.position));
        done = page.commits.length === 0;
        checkpoint = page.checkpoint;
      }
      expect(positions).toEqual(range(1, count));
    }));

  it('a store written before pages is migrated at start, and its unpaged commits are read meanwhile', () =>
    withMongoDb(async (db) => {
      const { commits } = collectionsOf(db);
      const old = Array.from({ length: 300 }, (_, i) => {
        const doc: Partial<CommitDocument> = toDocument(draft(`old-${i}`, 1), i + 1);
        delete doc.page;
        return doc as CommitDocument;
      });
      await commits.insertMany(old);
      // Before any migration ran on this database: the reader finds them by position.
      const outbox = createMongoOutboxStorage(db);
      const early = await outbox.readAfter(0, 30);
      expect(early.commits.map((c) => c.position)).toEqual(range(1, 30));
      await createMongoEventStorage({ db });
      expect(await commits.countDocuments({ page: { $exists: false } })).toBe(0);
      const reader = await createMongoEventStorage({ db });
      const all = await reader.readAll(0, 1000);
      expect(all.commits.map((c) => c.position)).toEqual(range(1, 300));
    }));
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
