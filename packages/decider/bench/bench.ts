import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { shardOf, type CommitDraft, type EventStore } from '@carebridge/event-store';
import { ProbeRecordedV2 } from '@carebridge/event-store/testing';
import { createCommandHandler } from '../src/commandHandler';
import type { Decider } from '../src/decider';

type Probe = { type: 'testing.ProbeRecorded'; data: { probeId: string; note: string; severity: 'low' | 'high' } };

/** A small aggregate: every command records one probe on its stream, as a contact or a case note would. */
const probeDecider: Decider<{ probeId: string }, number, Probe> = {
  initialState: () => 0,
  decide: (command) => [
    { type: 'testing.ProbeRecorded', data: { probeId: command.probeId, note: 'n'.repeat(200), severity: 'low' } },
  ],
  evolve: (count) => count + 1,
};

/** Versions per seeded stream: the aggregates a command loads are as long at every size. */
const STREAM_LENGTH = 10;
const SIZES = [1_000, 10_000, 100_000] as const;

export type ScalePoint = {
  readonly commits: number;
  /** Wall time to bring the store from the previous size to this one, in bulk through the store. */
  readonly seedMs: number;
  /** Median of sequential commands (load the stream, decide, append with a new idempotency key). */
  readonly p50Ms: number;
  /** Commands/s with CONCURRENCY loops at once. */
  readonly sustainedPerSec: number;
};

/** A case summary as services keep one per aggregate; ten share a bucket, which a list query asks for. */
type Summary = { id: string; bucket: string; count: number };

/** The part of a read-model collection the bench uses (@carebridge/document-store's DocumentCollection). */
export type SummaryCollection = {
  put(doc: Summary): Promise<void>;
  applyOnce(
    id: string,
    source: { stream: string; version: number },
    change: (current: Summary | undefined) => Summary | undefined,
  ): Promise<unknown>;
  find(filter: { bucket: string }, options: { limit: number }): Promise<{ items: Summary[] }>;
};

export type CommandScaleOptions = {
  readonly store: EventStore;
  /** Kept up to date by every command, one document per stream, and queried by bucket after it. */
  readonly summaries: SummaryCollection;
  /** Writes the drafts in bulk through the store under test. */
  readonly seed: (drafts: readonly CommitDraft[]) => Promise<void>;
  readonly samples?: number;
  readonly sustainMs?: number;
};

const CONCURRENCY = 8;

const seedDrafts = (fromStream: number, toStream: number): CommitDraft[] => {
  const drafts: CommitDraft[] = [];
  for (let s = fromStream; s < toStream; s++) {
    const streamId = `scale-${s}`;
    for (let v = 1; v <= STREAM_LENGTH; v++)
      drafts.push({
        commitId: randomUUID(),
        streamId,
        fromVersion: v,
        toVersion: v,
        events: [
          {
            eventId: randomUUID(),
            type: ProbeRecordedV2.type,
            schemaVersion: ProbeRecordedV2.version,
            data: { probeId: `seed-${s}-${v}`, note: 'n'.repeat(200), severity: 'low' },
          },
        ],
        commandId: randomUUID(),
        recordedAt: new Date(),
        shard: shardOf(streamId),
      });
  }
  return drafts;
};

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/**
 * A command's cost as the data grows: the store seeded to 1,000, 10,000 and 100,000 commits (streams of ten) and a
 * read model to one summary per stream, and at each size the median of sequential calls on random seeded streams
 * and the rate of several at once. A call is a command (load, decide, append), its read-model update and a list
 * query of ten summaries, so each one touches as much data at every size; what may grow is only what the
 * queries cost with more data around them.
 */
export const benchCommandScale = async (options: CommandScaleOptions): Promise<ScalePoint[]> => {
  const handle = createCommandHandler(options.store, probeDecider);
  const samples = options.samples ?? 300;
  const sustainMs = options.sustainMs ?? 4000;
  const points: ScalePoint[] = [];
  let streams = 0;
  const bucketOf = (stream: number) => `b${Math.floor(stream / 10)}`;
  /** What a service does for one call: the command, its read model, and a list query of the kind a screen sends. */
  const command = async (n: number) => {
    const stream = Math.floor(Math.random() * streams);
    const streamId = `scale-${stream}`;
    const handled = await handle(streamId, { probeId: `c-${n}` }, { commandId: randomUUID() });
    await options.summaries.applyOnce(streamId, { stream: streamId, version: handled.result.toVersion }, (doc) =>
      doc ? { ...doc, count: doc.count + 1 } : doc,
    );
    await options.summaries.find({ bucket: bucketOf(stream) }, { limit: 10 });
  };
  for (const size of SIZES) {
    const seedStart = performance.now();
    const target = size / STREAM_LENGTH;
    await options.seed(seedDrafts(streams, target));
    const newStreams = Array.from({ length: target - streams }, (_, i) => streams + i);
    for (let i = 0; i < newStreams.length; i += 16)
      await Promise.all(
        newStreams
          .slice(i, i + 16)
          .map((s) => options.summaries.put({ id: `scale-${s}`, bucket: bucketOf(s), count: STREAM_LENGTH })),
      );
    streams = target;
    const seedMs = performance.now() - seedStart;
    // Warm-up, then the measured commands one at a time.
    for (let i = 0; i < 20; i++) await command(i);
    const latencies: number[] = [];
    for (let i = 0; i < samples; i++) {
      const start = performance.now();
      await command(i);
      latencies.push(performance.now() - start);
    }
    let issued = 0;
    let done = 0;
    const until = performance.now() + sustainMs;
    const sustainStart = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < until) {
          // Two loops may pick one stream: the loser's conflict is a real outcome of load, retried as a client would.
          await command(issued++).then(
            () => done++,
            () => undefined,
          );
        }
      }),
    );
    const sustainedPerSec = Math.round((done / (performance.now() - sustainStart)) * 1000);
    points.push({
      commits: size,
      seedMs: Math.round(seedMs),
      p50Ms: Number(median(latencies).toFixed(2)),
      sustainedPerSec,
    });
  }
  return points;
};
