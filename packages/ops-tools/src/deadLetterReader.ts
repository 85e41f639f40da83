import { Kafka, logLevel, type Admin, type IHeaders } from 'kafkajs';
import {
  kafkaClientSecurity,
  type IncomingRecord,
  type KafkaSecurity,
  type RecordHeaders,
} from '@carebridge/messaging';

/** Header values as strings; a repeated header keeps its last value (as the bus reads them). */
const decodeHeaders = (headers: IHeaders | undefined): RecordHeaders => {
  const decoded: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw.at(-1) : raw;
    if (value !== undefined) decoded[name] = value.toString();
  }
  return decoded;
};

/** What the visitor decided for one record: go on, or stop reading (a limit reached). */
export type Visit = 'continue' | 'stop';

export type ReadOptions = {
  readonly brokers: readonly string[];
  /** TLS and SASL towards the brokers, as the services reach them (kafkaSecurityFromEnv); plaintext when absent. */
  readonly security?: KafkaSecurity;
  readonly topic: string;
  /** The group whose committed offsets say where to start; a group with none starts at the oldest record. */
  readonly groupId: string;
  readonly visit: (record: IncomingRecord, commit: () => Promise<void>) => Visit | Promise<Visit>;
  /** How long to wait for a record before giving up on partitions not reached (another member holds them). */
  readonly idleTimeoutMs?: number;
};

export type ReadResult = {
  /** Partitions where records were left unread, e.g. the limit was reached or they were held elsewhere. */
  readonly unfinished: readonly number[];
};

export const kafkaFor = (brokers: readonly string[], clientId: string, security?: KafkaSecurity): Kafka =>
  new Kafka({
    clientId,
    brokers: [...brokers],
    logLevel: logLevel.ERROR,
    retry: { retries: 5 },
    ...(security ? kafkaClientSecurity(security) : {}),
  });

/** Per partition: the group's next offset (or the oldest one kept), and the end when the read began. */
export const positions = async (admin: Admin, topic: string, groupId: string) => {
  const topics = await admin.listTopics();
  if (!topics.includes(topic)) throw new Error(`topic ${topic} does not exist`);
  const ends = await admin.fetchTopicOffsets(topic);
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return ends.map((end) => {
    const at = Number(committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
    return { partition: end.partition, next: Math.max(at, Number(end.low)), end: Number(end.high) };
  });
};

/**
 * Reads a topic as member of `groupId` from its committed offsets up to the end it had when the read began
 * (records arriving later wait for the next run). Never commits by itself: the visitor commits a record by
 * calling `commit`, which moves the group past it; a visitor that never commits leaves the group as it was.
 */
export const readUpToEnd = async (options: ReadOptions): Promise<ReadResult> => {
  const kafka = kafkaFor(options.brokers, 'carebridge-ops', options.security);
  const admin = kafka.admin();
  await admin.connect();
  let pending: Map<number, { next: number; end: number }>;
  try {
    pending = new Map(
      (await positions(admin, options.topic, options.groupId))
        .filter((p) => p.next < p.end)
        .map((p) => [p.partition, p]),
    );
  } finally {
    await admin.disconnect();
  }
  if (pending.size === 0) return { unfinished: [] };

  const consumer = kafka.consumer({ groupId: options.groupId, maxWaitTimeInMs: 250, retry: { retries: 5 } });
  let finish!: () => void;
  let fail!: (error: unknown) => void;
  const finished = new Promise<void>((resolve, reject) => ((finish = resolve), (fail = reject)));
  let stopped = false;
  let idle: NodeJS.Timeout | undefined;
  const resetIdle = () => {
    clearTimeout(idle);
    idle = setTimeout(finish, options.idleTimeoutMs ?? 20_000);
  };
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    consumer.on(consumer.events.GROUP_JOIN, resetIdle);
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        const { batch } = payload;
        try {
          for (const message of batch.messages) {
            const at = pending.get(batch.partition);
            if (stopped || !at) return;
            const offset = Number(message.offset);
            if (offset >= at.end) break;
            resetIdle();
            const record: IncomingRecord = {
              topic: batch.topic,
              partition: batch.partition,
              offset: message.offset,
              key: message.key?.toString() ?? '',
              value: message.value ?? Buffer.alloc(0),
              headers: decodeHeaders(message.headers),
              timestamp: message.timestamp,
            };
            const commit = () =>
              consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: String(offset + 1) }]);
            const decision = await options.visit(record, commit);
            payload.resolveOffset(message.offset);
            at.next = offset + 1;
            if (at.next >= at.end) pending.delete(batch.partition);
            await payload.heartbeat();
            if (decision === 'stop') stopped = true;
            if (stopped || pending.size === 0) return finish();
          }
        } catch (error) {
          stopped = true;
          fail(error);
        }
      },
    });
    resetIdle();
    await finished;
  } finally {
    clearTimeout(idle);
    await consumer.disconnect();
  }
  return { unfinished: [...pending.keys()].sort((a, b) => a - b) };
};
