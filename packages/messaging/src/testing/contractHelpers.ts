import { randomUUID } from 'node:crypto';
import { eventually } from '@carebridge/test-engines';
import type { Batch, IncomingRecord, MessageBus, Subscription } from '../types';

export const contractName = (kind: string): string => `contract_${kind}_${randomUUID().slice(0, 8)}`;

/** Polls until `check` holds; fails with `what` so a timeout says what never happened. */
export const waitFor = async (
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> => {
  await eventually(check, { what, timeoutMs, intervalMs: 50 });
};

export type Collector = { readonly received: IncomingRecord[]; readonly subscription: Subscription };

/** Subscribes a group that keeps every record it sees; `onBatch` may throw to exercise redelivery. */
export const collect = async (
  bus: MessageBus,
  groupId: string,
  topics: readonly string[],
  onBatch?: (batch: Batch) => void,
): Promise<Collector> => {
  const received: IncomingRecord[] = [];
  const subscription = await bus.subscribe({
    groupId,
    topics,
    fromBeginning: true,
    eachBatch: (batch) => {
      for (const record of batch.records) {
        received.push(record);
        onBatch?.({ ...batch, records: [record] });
        batch.resolveOffset(record.offset);
      }
      return Promise.resolve();
    },
  });
  return { received, subscription };
};

/** Values of each key, in the order they arrived. */
export const valuesByKey = (records: readonly IncomingRecord[]): Map<string, number[]> => {
  const byKey = new Map<string, number[]>();
  for (const r of records) byKey.set(r.key, [...(byKey.get(r.key) ?? []), Number(r.value.toString())]);
  return byKey;
};

/** `count` records spread over `keys` keys; each key's values count up from 0. */
export const numbered = (topic: string, keys: number, count: number, start = 0) =>
  Array.from({ length: count }, (_, i) => ({
    topic,
    key: `key-${(start + i) % keys}`,
    value: String(Math.floor((start + i) / keys)),
  }));
