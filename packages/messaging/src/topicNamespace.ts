import { topicNamed } from '@carebridge/event-schema';
import type { Batch, IncomingRecord, MessageBus, PartitionLag } from './types';

/**
 * The same bus with every topic name behind a prefix (`<prefix>referrals.v1` on the wire, `referrals.v1` in the
 * code): several deployments, or test runs, can share one Kafka cluster without reading each other's records.
 * Services, relays and consumers keep their topic names; only the wire names change.
 */
export const withTopicNamespace = (bus: MessageBus, prefix: string): MessageBus => {
  if (prefix === '') return bus;
  if (!/^[A-Za-z0-9._-]+$/.test(prefix))
    throw new Error(`topic prefix ${JSON.stringify(prefix)} has a character Kafka refuses`);
  const wire = (topic: string): string => `${prefix}${topic}`;
  const local = (topic: string): string => (topic.startsWith(prefix) ? topic.slice(prefix.length) : topic);
  const localRecord = (r: IncomingRecord): IncomingRecord => ({ ...r, topic: local(r.topic) });
  const localLag = (l: PartitionLag): PartitionLag => ({ ...l, topic: local(l.topic) });
  // The catalogue knows topics by their own names: partition counts are looked up before the prefix goes on.
  const ensureTopics: MessageBus['admin']['ensureTopics'] = (topics) =>
    bus.admin.ensureTopics(
      topics.map((t) => ({ topic: wire(t.topic), partitions: t.partitions ?? topicNamed(t.topic)?.partitions })),
    );
  return {
    kind: bus.kind,
    publisher: { send: (records) => bus.publisher.send(records.map((r) => ({ ...r, topic: wire(r.topic) }))) },
    admin: {
      ensureTopics,
      topicOffsets: (topic) => bus.admin.topicOffsets(wire(topic)),
      lag: async (groupId, topics) => (await bus.admin.lag(groupId, topics.map(wire))).map(localLag),
      resetToEarliest: (groupId, topics) => bus.admin.resetToEarliest(groupId, topics.map(wire)),
    },
    subscribe: async (options) => {
      await ensureTopics(options.topics.map((topic) => ({ topic })));
      return bus.subscribe({
        ...options,
        topics: options.topics.map(wire),
        eachBatch: (batch: Batch) =>
          options.eachBatch({
            topic: local(batch.topic),
            partition: batch.partition,
            records: batch.records.map(localRecord),
            highWatermark: batch.highWatermark,
            heartbeat: () => batch.heartbeat(),
            resolveOffset: (offset) => batch.resolveOffset(offset),
            isRunning: () => batch.isRunning(),
          }),
      });
    },
    close: () => bus.close(),
  };
};
