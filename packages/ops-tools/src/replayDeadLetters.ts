import { createKafkaBus, type KafkaSecurity } from '@carebridge/messaging';
import { kafkaFor, positions, readUpToEnd } from './deadLetterReader';
import { matches, originTopicOf, replayRecordOf, type ReplayFilter } from './deadLetterRecords';

export type ReplayOptions = {
  readonly brokers: readonly string[];
  /** TLS and SASL towards the brokers (kafkaSecurityFromEnv); plaintext when absent. */
  readonly security?: KafkaSecurity;
  readonly dlqTopic: string;
  /** Reads and counts, sends nothing, commits nothing. */
  readonly dryRun?: boolean;
  readonly filter?: ReplayFilter;
  /** At most this many records replayed in this run. */
  readonly limit?: number;
  /** The replay's own consumer group; `carebridge.dlq-replay.<dlqTopic>` by default. */
  readonly groupId?: string;
  readonly idleTimeoutMs?: number;
};

export type ReplaySummary = {
  readonly dlqTopic: string;
  readonly originTopic: string;
  readonly groupId: string;
  readonly dryRun: boolean;
  readonly scanned: number;
  /** Sent back to the origin topic (in a dry run: would have been). */
  readonly replayed: number;
  /** Left out by the filter; they stay pending for the group. */
  readonly filteredOut: number;
  /** Not replayable (their origin header names another topic); they stay pending. */
  readonly refused: number;
  readonly byType: Readonly<Record<string, number>>;
  /** Records the group has still not committed after this run. */
  readonly pendingAfter: number;
  readonly unfinishedPartitions: readonly number[];
};

export const defaultReplayGroup = (dlqTopic: string): string => `carebridge.dlq-replay.${dlqTopic}`;

export const pendingFor = async (
  brokers: readonly string[],
  topic: string,
  groupId: string,
  security?: KafkaSecurity,
): Promise<number> => {
  const admin = kafkaFor(brokers, 'carebridge-ops', security).admin();
  await admin.connect();
  try {
    return (await positions(admin, topic, groupId)).reduce((sum, p) => sum + Math.max(0, p.end - p.next), 0);
  } finally {
    await admin.disconnect();
  }
};

/**
 * Sends dead letters back to the topic they came from, under the replay's own consumer group: from its
 * committed offset, up to the end of the topic as it was at the start. The group only moves past records that
 * were replayed, so what a filter left out (or a refused record) stays pending for a later run. Consumers
 * recognise a repeat by ce_id (inbox) and stream version (applyOnce), so replaying twice applies once.
 */
export const replayDeadLetters = async (options: ReplayOptions): Promise<ReplaySummary> => {
  const originTopic = originTopicOf(options.dlqTopic);
  if (options.limit !== undefined && !(Number.isInteger(options.limit) && options.limit > 0)) {
    throw new Error(`limit must be a positive whole number; got ${options.limit}`);
  }
  const groupId = options.groupId ?? defaultReplayGroup(options.dlqTopic);
  const dryRun = options.dryRun ?? false;
  const security = options.security ? { security: options.security } : {};
  const bus = dryRun
    ? undefined
    : createKafkaBus({ brokers: options.brokers, clientId: 'carebridge-dlq-replay', ...security });
  const counts = { scanned: 0, replayed: 0, filteredOut: 0, refused: 0 };
  const byType: Record<string, number> = {};
  // Once a partition holds a record left behind, committing past it would lose it for the next run.
  const heldBack = new Set<number>();
  try {
    const { unfinished } = await readUpToEnd({
      brokers: options.brokers,
      ...security,
      topic: options.dlqTopic,
      groupId,
      ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
      visit: async (record, commit) => {
        counts.scanned += 1;
        if (!matches(record, options.filter ?? {})) {
          counts.filteredOut += 1;
          heldBack.add(record.partition);
          return 'continue';
        }
        let replay;
        try {
          replay = replayRecordOf(record);
        } catch {
          counts.refused += 1;
          heldBack.add(record.partition);
          return 'continue';
        }
        if (bus) {
          await bus.publisher.send([replay]);
          if (!heldBack.has(record.partition)) await commit();
        }
        counts.replayed += 1;
        const type = record.headers.ce_type ?? '(no ce_type)';
        byType[type] = (byType[type] ?? 0) + 1;
        return options.limit !== undefined && counts.replayed >= options.limit ? 'stop' : 'continue';
      },
    });
    const pendingAfter = await pendingFor(options.brokers, options.dlqTopic, groupId, options.security);
    return {
      dlqTopic: options.dlqTopic,
      originTopic,
      groupId,
      dryRun,
      ...counts,
      byType,
      pendingAfter,
      unfinishedPartitions: unfinished,
    };
  } finally {
    await bus?.close();
  }
};
