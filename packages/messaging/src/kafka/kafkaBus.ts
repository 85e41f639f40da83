import { Kafka, Partitioners, logLevel, type Consumer, type Producer } from 'kafkajs';
import { topicNamed } from '@carebridge/event-schema';
import { withTraceContext } from '../traceContext';
import type { MessageBus, OutgoingRecord, SubscribeOptions, Subscription } from '../types';
import { createKafkaAdmin } from './kafkaAdmin';
import { kafkaClientSecurity, type KafkaSecurity } from './kafkaSecurity';
import { toIncoming } from './kafkaRecords';

export type KafkaBusOptions = {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** TLS and SASL/SCRAM (kafkaSecurityFromEnv); plaintext when absent. */
  readonly security?: KafkaSecurity;
  /** Partitions of topics created by ensureTopics when the spec names none. */
  readonly defaultPartitions?: number;
  readonly sessionTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
  /** How long subscribe waits for the first group join before it returns anyway. */
  readonly joinTimeoutMs?: number;
  readonly logLevel?: logLevel;
};

/**
 * The Kafka adapter. Everything kafkajs-specific stays in this folder, so moving to
 * @confluentinc/kafka-javascript (same API shape) touches nothing else.
 */
export const createKafkaBus = (options: KafkaBusOptions): MessageBus => {
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    logLevel: options.logLevel ?? logLevel.ERROR,
    retry: { retries: 8 },
    ...(options.security ? kafkaClientSecurity(options.security) : {}),
  });
  const admin = createKafkaAdmin(kafka, options.defaultPartitions ?? 3);
  const subscriptions = new Set<Subscription>();

  let producer: Promise<Producer> | undefined;
  const connectedProducer = (): Promise<Producer> => {
    producer ??= (async () => {
      // Idempotent with one request in flight: retries can neither duplicate nor reorder a partition's records.
      const p = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await p.connect();
      return p;
    })();
    return producer;
  };

  const send = async (records: readonly OutgoingRecord[]): Promise<void> => {
    if (records.length === 0) return;
    const byTopic = new Map<string, { key: string; value: Buffer | string; headers: Record<string, string> }[]>();
    for (const r of records) {
      const messages = byTopic.get(r.topic) ?? [];
      messages.push({ key: r.key, value: r.value, headers: { ...withTraceContext(r.headers) } });
      byTopic.set(r.topic, messages);
    }
    const p = await connectedProducer();
    await p.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
  };

  const subscribe = async (sub: SubscribeOptions): Promise<Subscription> => {
    const consumer: Consumer = kafka.consumer({
      groupId: sub.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: options.heartbeatIntervalMs ?? 3_000,
      maxWaitTimeInMs: 250,
      retry: { retries: 8 },
    });
    // A consumer that subscribes before any producer wrote its topic fails on a fresh cluster ("does not host this
    // topic-partition"): create what is missing first. Where topics are managed as code (Strimzi), this finds them all.
    await admin.api.ensureTopics(sub.topics.map((topic) => ({ topic, partitions: topicNamed(topic)?.partitions })));
    await consumer.connect();
    await consumer.subscribe({ topics: [...sub.topics], fromBeginning: sub.fromBeginning ?? false });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({
      autoCommit: true,
      // Offsets are resolved only after the handler returned: a crash mid-batch redelivers, never skips.
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        const { batch } = payload;
        const records = batch.messages.map((m) => toIncoming(batch.topic, batch.partition, m));
        if (records.length === 0) return;
        let resolvedAny = false;
        // Stopping, or the partition was revoked or sought meanwhile: finish the record in hand, commit no more.
        const running = (): boolean => payload.isRunning() && !payload.isStale();
        await sub.eachBatch({
          topic: batch.topic,
          partition: batch.partition,
          records,
          highWatermark: batch.highWatermark,
          heartbeat: () => payload.heartbeat(),
          resolveOffset: (offset) => {
            resolvedAny = true;
            payload.resolveOffset(offset);
          },
          isRunning: running,
        });
        if (!resolvedAny && running()) payload.resolveOffset(records.at(-1)!.offset);
        await payload.commitOffsetsIfNecessary();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([joined, new Promise<void>((r) => (timer = setTimeout(r, options.joinTimeoutMs ?? 30_000)))]);
    clearTimeout(timer);
    const subscription: Subscription = {
      groupId: sub.groupId,
      async stop() {
        subscriptions.delete(subscription);
        await consumer.disconnect();
      },
    };
    subscriptions.add(subscription);
    return subscription;
  };

  return {
    kind: 'kafka',
    publisher: { send },
    admin: admin.api,
    subscribe,
    async close() {
      await Promise.all([...subscriptions].map((s) => s.stop()));
      if (producer) await (await producer).disconnect();
      producer = undefined;
      await admin.disconnect();
    },
  };
};
