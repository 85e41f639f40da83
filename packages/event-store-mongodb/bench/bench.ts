import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Db, Document } from 'mongodb';
import { probeRegistry } from '@carebridge/event-store/testing';
import { createMongoEventStore } from '../src/createMongoEventStore';

export type AppendBenchResult = {
  readonly count: number;
  /** Sequential single-event appends through the store (lookup, head, position, insert). */
  readonly storeAppendsPerSec: number;
  /** Sequential raw insertOne of a document of the same size, in the same run: the floor the store sits on. */
  readonly rawInsertOnePerSec: number;
};

const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000);

/** Measures the store against the bare driver on the same server. Use a scratch database: it writes `count` x 2 documents. */
export const benchAppends = async ({ db, count }: { db: Db; count: number }): Promise<AppendBenchResult> => {
  const store = await createMongoEventStore({ db, registry: probeRegistry });
  const streamId = `bench-${randomUUID().slice(0, 8)}`;
  const note = 'n'.repeat(200);

  const storeStart = performance.now();
  for (let i = 0; i < count; i++) {
    await store.append(
      streamId,
      [{ type: 'testing.ProbeRecorded', data: { probeId: `p${i}`, note, severity: 'low' } }],
      {
        expectedVersion: i,
        commandId: randomUUID(),
      },
    );
  }
  const storeMs = performance.now() - storeStart;

  // The raw documents are copies of what the store wrote, so both sides move the same bytes.
  const sample = await db.collection('commits').findOne({ streamId });
  if (!sample) throw new Error('benchmark: the store wrote nothing');
  // Without its _id, so that each copy gets a new one.
  const body: Document = { ...sample };
  delete body._id;
  const raw = db.collection(`bench_raw_${randomUUID().slice(0, 8)}`);
  const rawStart = performance.now();
  for (let i = 0; i < count; i++) {
    await raw.insertOne({ ...body, position: i });
  }
  const rawMs = performance.now() - rawStart;
  await raw.drop();
  await store.close();

  return { count, storeAppendsPerSec: perSecond(count, storeMs), rawInsertOnePerSec: perSecond(count, rawMs) };
};
