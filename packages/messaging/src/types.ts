/** Header values on the wire are strings (CloudEvents binary mode, W3C trace context). */
export type RecordHeaders = Readonly<Record<string, string>>;

/** What a publisher sends: the key decides the partition, so one key's records stay in order. */
export type OutgoingRecord = {
  readonly topic: string;
  readonly key: string;
  readonly value: Buffer | string;
  readonly headers?: RecordHeaders;
};

/** A record as a consumer sees it. Offsets are decimal strings: Kafka offsets are 64-bit. */
export type IncomingRecord = {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string;
  readonly value: Buffer;
  readonly headers: RecordHeaders;
  /** Milliseconds since the epoch, as a string (Kafka's own form). */
  readonly timestamp: string;
};

/** Records of one partition, in offset order. */
export type Batch = {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly IncomingRecord[];
  /** Offset the partition will give next (the high watermark) when the batch was fetched. */
  readonly highWatermark: string;
  /** Keeps the group membership alive during long work. */
  heartbeat(): Promise<void>;
  /** Marks a record done, so a failure later in the batch redelivers only what follows it. */
  resolveOffset(offset: string): void;
  /** False once the subscription is stopping: finish the current record, then return. */
  isRunning(): boolean;
};

export type SubscribeOptions = {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Where a group with no committed offset starts: the oldest record, or only what arrives from now on. */
  readonly fromBeginning?: boolean;
  /**
   * Returning commits the batch: every record, or only up to the last resolved one when the handler resolved
   * offsets itself (so it can stop early). Once the subscription is stopping, only resolved records are
   * committed: a handler that returned before its first record loses nothing. Throwing commits the resolved
   * ones and redelivers the rest.
   */
  eachBatch(batch: Batch): Promise<void>;
};

export type Subscription = {
  readonly groupId: string;
  /** Waits for the batch in hand, commits, leaves the group. */
  stop(): Promise<void>;
};

export type Publisher = {
  /** Resolves once the bus has durably accepted every record (Kafka: acks from all in-sync replicas). */
  send(records: readonly OutgoingRecord[]): Promise<void>;
};

export type PartitionOffsets = { readonly partition: number; readonly low: number; readonly high: number };

export type PartitionLag = {
  readonly topic: string;
  readonly partition: number;
  /** Next offset the group will read; -1 when it has committed nothing. */
  readonly committed: number;
  readonly end: number;
  readonly lag: number;
};

export type TopicSpec = { readonly topic: string; readonly partitions?: number | undefined };

export type BusAdmin = {
  /** Creates the topics that do not exist yet; existing ones are left as they are. */
  ensureTopics(topics: readonly TopicSpec[]): Promise<void>;
  topicOffsets(topic: string): Promise<PartitionOffsets[]>;
  /** What the group has not processed yet, per partition. */
  lag(groupId: string, topics: readonly string[]): Promise<PartitionLag[]>;
  /** Moves the group back to the oldest record of each topic; the group must have no running member. */
  resetToEarliest(groupId: string, topics: readonly string[]): Promise<void>;
};

export type BusKind = 'kafka' | 'embedded';

/** The port every producer and consumer of the suite goes through. */
export type MessageBus = {
  readonly kind: BusKind;
  readonly publisher: Publisher;
  readonly admin: BusAdmin;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Stops every subscription, then disconnects. */
  close(): Promise<void>;
};

/** Sum of the lag of every partition. */
export const totalLag = (lags: readonly PartitionLag[]): number => lags.reduce((sum, l) => sum + l.lag, 0);
