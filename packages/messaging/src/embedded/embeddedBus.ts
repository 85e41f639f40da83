import BetterSqlite3, { type Database } from 'better-sqlite3';
import { setTimeout as sleep } from 'node:timers/promises';
import { withTraceContext } from '../traceContext';
import type {
  Batch,
  BusAdmin,
  IncomingRecord,
  MessageBus,
  PartitionLag,
  SubscribeOptions,
  Subscription,
} from '../types';
import { createEmbeddedLog, partitionOf, type LogRow } from './embeddedLog';
import { createGroupMembers, type Member, type Slot } from './groupMembers';
import { promiseOf } from './promiseOf';

export type EmbeddedBusOptions = (
  | { readonly path: string }
  /** A connection the caller owns (e.g. the embedded event store's file); never closed here. */
  | { readonly database: Database }
) & {
  readonly defaultPartitions?: number;
  readonly maxBatchSize?: number;
  /** How long an idle member sleeps when no publish wakes it. */
  readonly pollIntervalMs?: number;
  /** Told about a handler failure; the batch is redelivered after a pause. */
  readonly onError?: (error: unknown, where: { groupId: string; topic: string; partition: number }) => void;
};

const toIncoming = (row: LogRow): IncomingRecord => ({
  topic: row.topic,
  partition: row.part,
  offset: String(row.seq),
  key: row.key,
  value: row.value,
  headers: JSON.parse(row.headers) as Record<string, string>,
  timestamp: String(row.ts),
});

/** The in-process bus of the embedded default: Kafka's consumer-group semantics over a SQLite log. */
export const createEmbeddedBus = (options: EmbeddedBusOptions): MessageBus => {
  const owned = 'path' in options;
  const db = owned ? new BetterSqlite3(options.path) : options.database;
  if (owned) db.pragma('journal_mode = WAL');
  const log = createEmbeddedLog(db);
  const defaultPartitions = options.defaultPartitions ?? 3;
  const maxBatch = options.maxBatchSize ?? 200;
  const pollMs = options.pollIntervalMs ?? 200;
  const partitionsOf = (topic: string): number => log.ensureTopic(topic, defaultPartitions);
  const group = createGroupMembers(partitionsOf);
  const loops = new Map<Member, Promise<void>>();

  let wakers: (() => void)[] = [];
  const wakeAll = (): void => {
    const woken = wakers;
    wakers = [];
    for (const wake of woken) wake();
  };
  const idle = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pollMs);
      wakers.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });

  /** Fixes where a group starts on a partition it has never committed: the oldest record, or the end. */
  const startAt = (groupId: string, slot: Slot, fromBeginning: boolean): number => {
    const committed = log.committed(groupId, slot.topic, slot.part);
    if (committed !== undefined) return committed;
    const start = fromBeginning ? 0 : log.end(slot.topic, slot.part);
    log.commit(groupId, slot.topic, slot.part, start);
    return start;
  };

  const pollSlot = (member: Member, slot: Slot): Promise<boolean> =>
    group.exclusive(member.options.groupId, slot, async () => {
      const { groupId } = member.options;
      if (!member.running) return false;
      const from = startAt(groupId, slot, member.options.fromBeginning ?? false);
      const rows = log.read(slot.topic, slot.part, from, maxBatch);
      if (rows.length === 0) return false;
      let resolved = from;
      let resolvedAny = false;
      const batch: Batch = {
        topic: slot.topic,
        partition: slot.part,
        records: rows.map(toIncoming),
        highWatermark: String(log.end(slot.topic, slot.part)),
        heartbeat: () => Promise.resolve(),
        resolveOffset: (offset) => {
          resolvedAny = true;
          resolved = Math.max(resolved, Number(offset) + 1);
        },
        isRunning: () => member.running,
      };
      try {
        await member.options.eachBatch(batch);
      } catch (error) {
        log.commit(groupId, slot.topic, slot.part, resolved);
        throw error;
      }
      log.commit(groupId, slot.topic, slot.part, resolvedAny ? resolved : member.running ? rows.at(-1)!.seq + 1 : from);
      return true;
    });

  const run = async (member: Member): Promise<void> => {
    let failures = 0;
    while (member.running) {
      let worked = false;
      for (const slot of group.assignment(member)) {
        if (!member.running) break;
        try {
          if (await pollSlot(member, slot)) worked = true;
          failures = 0;
        } catch (error) {
          failures += 1;
          options.onError?.(error, { groupId: member.options.groupId, topic: slot.topic, partition: slot.part });
          // Back off like a restarting Kafka consumer: the same batch comes back, later.
          await sleep(Math.min(5_000, 50 * 2 ** failures));
        }
      }
      if (!worked && member.running) await idle();
    }
  };

  const admin: BusAdmin = {
    ensureTopics: (topics) =>
      promiseOf(() => {
        for (const t of topics) log.ensureTopic(t.topic, t.partitions ?? defaultPartitions);
      }),
    topicOffsets: (topic) =>
      promiseOf(() => {
        const parts = log.partitionsOf(topic) ?? 0;
        return Array.from({ length: parts }, (_, part) => ({ partition: part, low: 0, high: log.end(topic, part) }));
      }),
    async lag(groupId, topics) {
      const lags: PartitionLag[] = [];
      for (const topic of topics) {
        for (const { partition, high } of await admin.topicOffsets(topic)) {
          const committed = log.committed(groupId, topic, partition) ?? -1;
          lags.push({ topic, partition, committed, end: high, lag: high - Math.max(committed, 0) });
        }
      }
      return lags;
    },
    resetToEarliest: (groupId, topics) =>
      promiseOf(() => {
        if (group.all().some((m) => m.options.groupId === groupId)) {
          throw new Error(`group ${groupId} has running members: stop them before resetting its offsets`);
        }
        for (const topic of topics) {
          for (let part = 0; part < (log.partitionsOf(topic) ?? 0); part++) log.commit(groupId, topic, part, 0);
        }
      }),
  };

  const subscribe = (sub: SubscribeOptions): Promise<Subscription> =>
    promiseOf(() => {
      // Starting offsets are fixed before subscribe returns, as a joined Kafka consumer would have them.
      for (const topic of sub.topics) {
        for (let part = 0; part < partitionsOf(topic); part++)
          startAt(sub.groupId, { topic, part }, sub.fromBeginning ?? false);
      }
      const member = group.join(sub);
      loops.set(member, run(member));
      wakeAll();
      const subscription: Subscription = {
        groupId: sub.groupId,
        async stop() {
          group.leave(member);
          wakeAll();
          await loops.get(member);
          loops.delete(member);
        },
      };
      return subscription;
    });

  return {
    kind: 'embedded',
    publisher: {
      send: (records) =>
        promiseOf(() => {
          const ts = Date.now();
          log.append(
            records.map((r) => {
              const part = partitionOf(r.key, partitionsOf(r.topic));
              const value = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
              return { topic: r.topic, part, key: r.key, value, headers: withTraceContext(r.headers), ts };
            }),
          );
          wakeAll();
        }),
    },
    admin,
    subscribe,
    async close() {
      const members = [...loops.keys()];
      for (const m of members) group.leave(m);
      wakeAll();
      await Promise.all([...loops.values()]);
      loops.clear();
      if (owned) db.close();
    },
  };
};
