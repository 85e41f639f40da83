import type { Batch, PartitionLag } from '@carebridge/messaging';

export type LagSample = {
  readonly labels: { readonly projection: string; readonly topic: string; readonly partition: string };
  readonly value: number;
};

/**
 * Lag as the runner last saw it (high watermark of the last batch minus what it has processed): free to read,
 * so a Prometheus gauge can call `samples()` on every scrape.
 */
export const createLagTracker = (projection: string) => {
  const partitions = new Map<string, { topic: string; partition: number; next: number; end: number }>();
  const slot = (topic: string, partition: number) => `${topic}\u0000${partition}`;
  return {
    seen(batch: Batch): void {
      const at = partitions.get(slot(batch.topic, batch.partition));
      const end = Number(batch.highWatermark);
      partitions.set(slot(batch.topic, batch.partition), {
        topic: batch.topic,
        partition: batch.partition,
        next: at?.next ?? Number(batch.records[0]?.offset ?? 0),
        end: Math.max(end, at?.end ?? 0),
      });
    },
    processed(topic: string, partition: number, offset: string): void {
      const at = partitions.get(slot(topic, partition));
      if (at) at.next = Math.max(at.next, Number(offset) + 1);
    },
    snapshot(): PartitionLag[] {
      return [...partitions.values()]
        .map((p) => ({
          topic: p.topic,
          partition: p.partition,
          committed: p.next,
          end: p.end,
          lag: Math.max(0, p.end - p.next),
        }))
        .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
    },
    samples(): LagSample[] {
      return this.snapshot().map((l) => ({
        labels: { projection, topic: l.topic, partition: String(l.partition) },
        value: l.lag,
      }));
    },
  };
};
