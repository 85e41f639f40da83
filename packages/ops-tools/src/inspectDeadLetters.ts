import { randomUUID } from 'node:crypto';
import type { KafkaSecurity } from '@carebridge/messaging';
import { kafkaFor, positions, readUpToEnd } from './deadLetterReader';
import { originTopicOf, summarize, type DeadLetterSummary } from './deadLetterRecords';
import { defaultReplayGroup } from './replayDeadLetters';

export type InspectOptions = {
  readonly brokers: readonly string[];
  readonly security?: KafkaSecurity;
  readonly dlqTopic: string;
  /** The replay group whose progress marks records `replayed`; the default replay group when absent. */
  readonly replayGroupId?: string;
  /** Only the records the replay group has not passed yet. */
  readonly pendingOnly?: boolean;
  readonly limit?: number;
  readonly idleTimeoutMs?: number;
};

export type InspectedDeadLetter = DeadLetterSummary & { readonly status: 'pending' | 'replayed' };

/**
 * Lists a dead-letter topic: type, id, origin, consumer and error of each record, never its value (values may
 * hold sealed personal fields). Reads under a throwaway group, deleted afterwards: nothing is committed.
 */
export const inspectDeadLetters = async (options: InspectOptions): Promise<InspectedDeadLetter[]> => {
  originTopicOf(options.dlqTopic);
  const kafka = kafkaFor(options.brokers, 'carebridge-ops', options.security);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const replayed = new Map(
      (await positions(admin, options.dlqTopic, options.replayGroupId ?? defaultReplayGroup(options.dlqTopic))).map(
        (p) => [p.partition, p.next],
      ),
    );
    const listed: InspectedDeadLetter[] = [];
    const groupId = `carebridge.dlq-inspect.${randomUUID()}`;
    try {
      await readUpToEnd({
        brokers: options.brokers,
        ...(options.security ? { security: options.security } : {}),
        topic: options.dlqTopic,
        groupId,
        ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
        visit: (record) => {
          const status = Number(record.offset) < (replayed.get(record.partition) ?? 0) ? 'replayed' : 'pending';
          if (!options.pendingOnly || status === 'pending') listed.push({ ...summarize(record), status });
          return options.limit !== undefined && listed.length >= options.limit ? 'stop' : 'continue';
        },
      });
    } finally {
      await admin.deleteGroups([groupId]).catch(() => undefined); // never joined when the topic was empty
    }
    return listed.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
  } finally {
    await admin.disconnect();
  }
};
