import { SingleBar } from 'cli-progress';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Writable } from 'node:stream';
import type { MessageBus } from '@carebridge/messaging';
import { createProjectionRunner, type ProjectionRunnerOptions } from './createProjectionRunner';

export type RebuildOptions = Omit<ProjectionRunnerOptions, 'onRecord'> & {
  /** Where the progress bar and the final count go; stderr by default, so stdout stays clean for data. */
  readonly progress?: Writable;
  /** Gives up when nothing moved for this long (a stuck partition); default 5 minutes. */
  readonly stallTimeoutMs?: number;
};

export type RebuildResult = { readonly projection: string; readonly events: number; readonly durationMs: number };

type Target = { readonly topic: string; readonly partition: number; readonly end: number };

const targetsOf = async (bus: MessageBus, topics: readonly string[]): Promise<{ targets: Target[]; total: number }> => {
  const targets: Target[] = [];
  let total = 0;
  for (const topic of topics) {
    for (const o of await bus.admin.topicOffsets(topic)) {
      targets.push({ topic, partition: o.partition, end: o.high });
      total += o.high - o.low;
    }
  }
  return { targets, total };
};

/**
 * Drops the read model and replays its topics from offset zero under its own consumer group, showing progress,
 * until every partition reaches the end it had when the rebuild began. The projection's runner must be stopped
 * first; start it again afterwards and it continues from where the rebuild ended.
 */
export const rebuildProjection = async (options: RebuildOptions): Promise<RebuildResult> => {
  const { bus, projection } = options;
  const out = options.progress ?? process.stderr;
  const started = Date.now();
  const runner = createProjectionRunner({
    ...options,
    onRecord: (record) => done(record.topic, record.partition, record.offset),
  });
  const { targets, total } = await targetsOf(bus, projection.topics);
  const reached = new Map<string, number>();
  let events = 0;
  let lastMove = Date.now();
  const bar = new SingleBar({
    stream: out,
    format: `rebuild ${projection.name} [{bar}] {value}/{total} events {percentage}% eta {eta_formatted}`,
    noTTYOutput: true,
    notTTYSchedule: 2_000,
    etaBuffer: 200,
  });
  function done(topic: string, partition: number, offset: string): void {
    events += 1;
    lastMove = Date.now();
    reached.set(`${topic}\u0000${partition}`, Number(offset) + 1);
    bar.update(events);
  }
  const caughtUp = (): boolean => targets.every((t) => (reached.get(`${t.topic}\u0000${t.partition}`) ?? 0) >= t.end);

  await projection.reset?.();
  await bus.admin.resetToEarliest(runner.groupId, projection.topics);
  bar.start(total, 0);
  await runner.start();
  try {
    while (!caughtUp()) {
      if (Date.now() - lastMove > (options.stallTimeoutMs ?? 300_000)) {
        throw new Error(`rebuild of ${projection.name} stalled at ${events}/${total} events`);
      }
      await sleep(100);
    }
  } finally {
    await runner.stop();
    bar.stop();
  }
  const durationMs = Date.now() - started;
  out.write(`rebuilt ${projection.name}: ${events} events in ${(durationMs / 1000).toFixed(1)} s\n`);
  return { projection: projection.name, events, durationMs };
};
