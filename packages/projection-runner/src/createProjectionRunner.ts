import type { DocumentStore } from '@carebridge/document-store';
import type { EventRegistry } from '@carebridge/event-schema';
import {
  totalLag,
  type IncomingRecord,
  type MessageBus,
  type PartitionLag,
  type Subscription,
} from '@carebridge/messaging';
import { deadLetterTopic } from './deadLetter';
import { createInbox } from './inbox';
import { createLagTracker, type LagSample } from './lagTracker';
import { processRecord, type Outcome } from './processRecord';
import type { Projection } from './projection';
import { defaultRetryPolicy, type RetryPolicy } from './retryPolicy';

export type ProjectionRunnerOptions = {
  readonly bus: MessageBus;
  readonly projection: Projection;
  /** Consumer group; `projection.<name>` by default. */
  readonly groupId?: string;
  readonly registry?: EventRegistry;
  /** Where the inbox of side effects lives (collection `inbox`); without it `ctx.once` refuses. */
  readonly inbox?: DocumentStore;
  readonly retry?: Partial<RetryPolicy>;
  /** Told after every record, applied or dead-lettered (progress bars, tests). */
  readonly onRecord?: (record: IncomingRecord, outcome: Outcome) => void;
};

export type LagReport = { readonly partitions: readonly PartitionLag[]; readonly total: number };

export type ProjectionRunner = {
  readonly groupId: string;
  start(): Promise<void>;
  /** Finishes the record in hand, commits, leaves the group. */
  stop(): Promise<void>;
  /** Lag from the broker: committed offsets of the group against the end of each partition. */
  lag(): Promise<LagReport>;
  /** Lag as last seen by this runner, per partition, shaped for a Prometheus gauge's collect(). */
  lagSamples(): LagSample[];
};

/** Runs a projection as a consumer group: at-least-once delivery, idempotent apply, bounded retries, DLQ. */
export const createProjectionRunner = (options: ProjectionRunnerOptions): ProjectionRunner => {
  const { bus, projection } = options;
  const groupId = options.groupId ?? `projection.${projection.name}`;
  const retry = { ...defaultRetryPolicy, ...options.retry };
  const lag = createLagTracker(projection.name);
  const processor = {
    projection,
    consumer: groupId,
    publisher: bus.publisher,
    retry,
    ...(options.registry ? { registry: options.registry } : {}),
    // Keyed by the projection, not the group: a rebuild under another group must not repeat an effect.
    ...(options.inbox ? { inbox: createInbox(options.inbox, projection.name) } : {}),
  };
  let subscription: Subscription | undefined;

  return {
    groupId,
    async start() {
      if (subscription) return;
      await bus.admin.ensureTopics(
        projection.topics.map((topic) => ({ topic: deadLetterTopic(topic), partitions: 1 })),
      );
      subscription = await bus.subscribe({
        groupId,
        topics: projection.topics,
        fromBeginning: true,
        eachBatch: async (batch) => {
          lag.seen(batch);
          // The offset after the last record handled; resolved once when the batch ends, however it ends, so a
          // stop or a crash mid-batch redelivers from the first record not handled.
          let handled: string | undefined;
          let sinceBeat = 0;
          try {
            for (const record of batch.records) {
              if (!batch.isRunning()) return;
              const outcome = await processRecord(processor, record, batch);
              handled = record.offset;
              options.onRecord?.(record, outcome);
              // Long batches keep the membership alive; not on every record, the call is not free.
              if (++sinceBeat >= 100) {
                sinceBeat = 0;
                batch.resolveOffset(handled);
                await batch.heartbeat();
              }
            }
          } finally {
            if (handled !== undefined) {
              batch.resolveOffset(handled);
              lag.processed(batch.topic, batch.partition, handled);
            }
          }
        },
      });
    },
    async stop() {
      await subscription?.stop();
      subscription = undefined;
    },
    async lag() {
      const partitions = await bus.admin.lag(groupId, projection.topics);
      return { partitions, total: totalLag(partitions) };
    },
    lagSamples: () => lag.samples(),
  };
};
