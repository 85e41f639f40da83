import type { Admin, Kafka } from 'kafkajs';
import type { BusAdmin, PartitionLag } from '../types';

const isAlreadyExists = (error: unknown): boolean => error instanceof Error && /already exists/i.test(error.message);

/** A topic the broker has created but not yet put in its metadata (KRaft, busy broker): wait, it will appear. */
const isNotYetInMetadata = (error: unknown): boolean => {
  const type = (error as { type?: unknown } | null)?.type;
  return type === 'UNKNOWN_TOPIC_OR_PARTITION' || type === 'LEADER_NOT_AVAILABLE';
};

/** How long topic creation waits for every new partition to have a leader. */
const TOPIC_LEADERS_WAIT_MS = 30_000;

/**
 * Waits until every partition of the topics has a leader. kafkajs' own wait (createTopics' waitForLeaders) retries
 * only LEADER_NOT_AVAILABLE and gives up on a broker that answers "does not host this topic-partition" for a topic
 * it created a moment ago.
 */
const waitForLeaders = async (client: Admin, topics: readonly string[]): Promise<void> => {
  const deadline = Date.now() + TOPIC_LEADERS_WAIT_MS;
  for (;;) {
    try {
      const { topics: metadata } = await client.fetchTopicMetadata({ topics: [...topics] });
      if (metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (error) {
      if (!isNotYetInMetadata(error) || Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline)
      throw new Error(`topics ${topics.join(', ')} have no leader after ${TOPIC_LEADERS_WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

const GROUP_ID_NOT_FOUND = 69;
const NON_EMPTY_GROUP = 68;

/** How long a reset waits for a group's last member to leave (a consumer stopped just before still counts briefly). */
const GROUP_EMPTY_WAIT_MS = 30_000;

/** Kafka error codes of a KafkaJSDeleteGroupsError, one per group it failed on (empty for any other error). */
const groupErrorCodes = (error: unknown): number[] => {
  const groups = (error as { groups?: { errorCode?: number }[] } | null)?.groups;
  return Array.isArray(groups) && groups.length > 0 ? groups.map((g) => g.errorCode ?? -1) : [-1];
};

/** The group still had a member: a stopped consumer's leave is not seen by the coordinator at once. */
const groupStillActive = (error: unknown): boolean =>
  groupErrorCodes(error).includes(NON_EMPTY_GROUP) ||
  (error instanceof Error && /no running instances/i.test(error.message));

/** Topic and group administration over one lazily connected kafkajs admin client. */
export const createKafkaAdmin = (kafka: Kafka, defaultPartitions: number) => {
  let connected: Promise<Admin> | undefined;
  const admin = (): Promise<Admin> => {
    connected ??= (async () => {
      const client = kafka.admin();
      await client.connect();
      return client;
    })();
    return connected;
  };

  const api: BusAdmin = {
    async ensureTopics(topics) {
      const client = await admin();
      const existing = new Set(await client.listTopics());
      const missing = topics.filter((t) => !existing.has(t.topic));
      if (missing.length === 0) return;
      try {
        await client.createTopics({
          waitForLeaders: true,
          topics: missing.map((t) => ({ topic: t.topic, numPartitions: t.partitions ?? defaultPartitions })),
        });
      } catch (error) {
        // Another process created it between our listing and our request: the outcome we wanted.
        if (isAlreadyExists(error)) return;
        if (!isNotYetInMetadata(error)) throw error;
        await waitForLeaders(
          client,
          missing.map((t) => t.topic),
        );
      }
    },

    async topicOffsets(topic) {
      const offsets = await (await admin()).fetchTopicOffsets(topic);
      return offsets
        .map((o) => ({ partition: o.partition, low: Number(o.low), high: Number(o.high) }))
        .sort((a, b) => a.partition - b.partition);
    },

    async lag(groupId, topics) {
      const client = await admin();
      const committed = await client.fetchOffsets({ groupId, topics: [...topics] });
      const lags: PartitionLag[] = [];
      for (const topic of topics) {
        const ends = await api.topicOffsets(topic);
        const group = committed.find((c) => c.topic === topic)?.partitions ?? [];
        for (const end of ends) {
          const at = Number(group.find((p) => p.partition === end.partition)?.offset ?? -1);
          lags.push({
            topic,
            partition: end.partition,
            committed: at,
            end: end.high,
            lag: end.high - (at < 0 ? end.low : at),
          });
        }
      }
      return lags;
    },

    async resetToEarliest(groupId, topics) {
      const client = await admin();
      const reset = async (): Promise<void> => {
        // A group whose offsets are all on these topics is deleted instead: one request, and its next member starts
        // from the earliest offset. kafkajs' resetOffsets joins a throwaway consumer per topic (5 s each here).
        const committed = await client.fetchOffsets({ groupId });
        const elsewhere = committed.some(
          (t) => !topics.includes(t.topic) && t.partitions.some((p) => Number(p.offset) >= 0),
        );
        if (!elsewhere) {
          try {
            await client.deleteGroups([groupId]);
            return;
          } catch (error) {
            // Never committed: nothing to reset.
            if (groupErrorCodes(error).every((code) => code === GROUP_ID_NOT_FOUND)) return;
            throw error;
          }
        }
        for (const topic of topics) await client.resetOffsets({ groupId, topic, earliest: true });
      };
      // A group with live members is refused; one whose member is leaving is waited for, within a bound.
      const giveUp = Date.now() + GROUP_EMPTY_WAIT_MS;
      for (;;) {
        try {
          return await reset();
        } catch (error) {
          if (!groupStillActive(error) || Date.now() > giveUp) throw error;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
    },
  };

  return {
    api,
    async disconnect(): Promise<void> {
      if (connected) await (await connected).disconnect();
      connected = undefined;
    },
  };
};
