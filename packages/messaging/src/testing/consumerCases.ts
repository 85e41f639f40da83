import { setTimeout as sleep } from 'node:timers/promises';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { context, propagation, trace, TraceFlags } from '@opentelemetry/api';
import { recordContext } from '../traceContext';
import { totalLag, type MessageBus } from '../types';
import { collect, contractName, numbered, valuesByKey, waitFor } from './contractHelpers';

export type ConsumerCase = { readonly name: string; readonly run: (bus: MessageBus) => Promise<void> };

const ascending = (values: readonly number[]): number[] => Array.from({ length: values.length }, (_, i) => i);

/** What every MessageBus adapter must do; bound to each adapter by consumerContract. */
export const consumerCases: readonly ConsumerCase[] = [
  {
    name: 'delivers every record once, in order per key',
    run: async (bus) => {
      const topic = contractName('order');
      await bus.admin.ensureTopics([{ topic, partitions: 3 }]);
      const { received, subscription } = await collect(bus, contractName('g'), [topic]);
      await bus.publisher.send(numbered(topic, 5, 20));
      await bus.publisher.send(numbered(topic, 5, 20, 20));
      await waitFor('40 records', () => received.length >= 40);
      await subscription.stop();
      expect(received).toHaveLength(40);
      const byKey = valuesByKey(received);
      expect(byKey.size).toBe(5);
      for (const values of byKey.values()) expect(values).toEqual(ascending(values));
      expect(new Set(received.map((r) => r.partition)).size).toBeGreaterThan(1);
    },
  },
  {
    name: 'gives every group its own copy of the stream',
    run: async (bus) => {
      const topic = contractName('groups');
      await bus.admin.ensureTopics([{ topic, partitions: 2 }]);
      await bus.publisher.send(numbered(topic, 3, 9));
      const [a, b] = await Promise.all([
        collect(bus, contractName('a'), [topic]),
        collect(bus, contractName('b'), [topic]),
      ]);
      await waitFor('both groups', () => a.received.length >= 9 && b.received.length >= 9);
      await Promise.all([a.subscription.stop(), b.subscription.stop()]);
      expect(valuesByKey(a.received)).toEqual(valuesByKey(b.received));
      expect(a.received).toHaveLength(9);
    },
  },
  {
    name: 'resumes a restarted group after its committed offset',
    run: async (bus) => {
      const topic = contractName('resume');
      const groupId = contractName('g');
      await bus.admin.ensureTopics([{ topic, partitions: 1 }]);
      await bus.publisher.send(numbered(topic, 1, 5));
      const first = await collect(bus, groupId, [topic]);
      await waitFor('first 5', () => first.received.length >= 5);
      await first.subscription.stop();
      await bus.publisher.send(numbered(topic, 1, 3, 5));
      const second = await collect(bus, groupId, [topic]);
      await waitFor('3 more', () => second.received.length >= 3);
      await second.subscription.stop();
      expect(first.received.map((r) => Number(r.value.toString()))).toEqual([0, 1, 2, 3, 4]);
      expect(second.received.map((r) => Number(r.value.toString()))).toEqual([5, 6, 7]);
    },
  },
  {
    name: 'redelivers what a failing handler did not resolve, and skips nothing',
    run: async (bus) => {
      const topic = contractName('fail');
      await bus.admin.ensureTopics([{ topic, partitions: 1 }]);
      await bus.publisher.send(numbered(topic, 1, 6));
      let failed = false;
      const c = await collect(bus, contractName('g'), [topic], (batch) => {
        if (!failed && batch.records[0]!.value.toString() === '3') {
          failed = true;
          throw new Error('handler failure (expected by the contract)');
        }
      });
      await waitFor(
        'every value after the failure',
        () => c.received.filter((r) => r.value.toString() === '5').length >= 1,
      );
      await c.subscription.stop();
      const values = c.received.map((r) => Number(r.value.toString()));
      // 0..2 were resolved before the failure: only 3.. come again.
      expect(values).toEqual([0, 1, 2, 3, 3, 4, 5]);
    },
  },
  {
    name: 'commits nothing of a batch its handler left unread because the subscription was stopping',
    run: async (bus) => {
      const topic = contractName('stopping');
      const groupId = contractName('g');
      await bus.admin.ensureTopics([{ topic, partitions: 1 }]);
      await bus.publisher.send(numbered(topic, 1, 4));
      let batchInHand = false;
      const subscription = await bus.subscribe({
        groupId,
        topics: [topic],
        fromBeginning: true,
        // Holds the batch until stop() begins, then returns before its first record, as a runner does.
        eachBatch: async (batch) => {
          batchInHand = true;
          while (batch.isRunning()) await sleep(10);
        },
      });
      await waitFor('a batch in hand', () => batchInHand);
      await subscription.stop();
      const again = await collect(bus, groupId, [topic]);
      await waitFor('the 4 records again', () => again.received.length >= 4);
      await again.subscription.stop();
      expect(again.received.map((r) => Number(r.value.toString()))).toEqual([0, 1, 2, 3]);
    },
  },
  {
    name: 'replays from the earliest offset after a reset, on the reset topics only',
    run: async (bus) => {
      const [replayed, kept] = [contractName('reset'), contractName('kept')];
      const groupId = contractName('g');
      await bus.admin.ensureTopics([
        { topic: replayed, partitions: 2 },
        { topic: kept, partitions: 1 },
      ]);
      await bus.publisher.send([...numbered(replayed, 2, 4), ...numbered(kept, 1, 3)]);
      const first = await collect(bus, groupId, [replayed, kept]);
      await waitFor('all 7', () => first.received.length >= 7);
      await first.subscription.stop();
      // Only one topic of the group: the other keeps its committed offsets.
      await bus.admin.resetToEarliest(groupId, [replayed]);
      const second = await collect(bus, groupId, [replayed, kept]);
      await waitFor('the reset topic again', () => second.received.length >= 4);
      await second.subscription.stop();
      expect(second.received.filter((r) => r.topic === kept)).toEqual([]);
      expect(valuesByKey(second.received)).toEqual(valuesByKey(first.received.filter((r) => r.topic === replayed)));
      // The whole group, and a group that never committed: both start over.
      await bus.admin.resetToEarliest(groupId, [replayed, kept]);
      await bus.admin.resetToEarliest(contractName('never'), [replayed]);
      const third = await collect(bus, groupId, [replayed, kept]);
      await waitFor('all 7 again', () => third.received.length >= 7);
      await third.subscription.stop();
      expect(third.received).toHaveLength(7);
    },
  },
  {
    name: 'reports lag per partition until the group catches up',
    run: async (bus) => {
      const topic = contractName('lag');
      const groupId = contractName('g');
      await bus.admin.ensureTopics([{ topic, partitions: 2 }]);
      await bus.publisher.send(numbered(topic, 4, 8));
      const c = await collect(bus, groupId, [topic]);
      await waitFor('8 records', () => c.received.length >= 8);
      await c.subscription.stop();
      const caughtUp = await bus.admin.lag(groupId, [topic]);
      expect(caughtUp.map((l) => l.partition).sort()).toEqual([0, 1]);
      expect(totalLag(caughtUp)).toBe(0);
      await bus.publisher.send(numbered(topic, 4, 3, 8));
      const behind = await bus.admin.lag(groupId, [topic]);
      expect(totalLag(behind)).toBe(3);
      expect(behind.reduce((s, l) => s + l.end, 0)).toBe(11);
    },
  },
  {
    name: 'carries key, headers and the W3C trace context',
    run: async (bus) => {
      const topic = contractName('headers');
      await bus.admin.ensureTopics([{ topic, partitions: 1 }]);
      const manager = new AsyncLocalStorageContextManager().enable();
      context.setGlobalContextManager(manager);
      propagation.setGlobalPropagator(new W3CTraceContextPropagator());
      const spanContext = {
        traceId: '0af7651916cd43dd8448eb211c80319c',
        spanId: 'b7ad6b7169203331',
        traceFlags: TraceFlags.SAMPLED,
      };
      try {
        const parent = trace.setSpanContext(context.active(), spanContext);
        await context.with(parent, () =>
          bus.publisher.send([
            { topic, key: 'stream-1', value: '{"a":1}', headers: { ce_id: 'e-1', 'content-type': 'application/json' } },
          ]),
        );
        const c = await collect(bus, contractName('g'), [topic]);
        await waitFor('the record', () => c.received.length >= 1);
        await c.subscription.stop();
        const [record] = c.received;
        expect(record!.key).toBe('stream-1');
        expect(JSON.parse(record!.value.toString())).toEqual({ a: 1 });
        expect(record!.headers).toMatchObject({ ce_id: 'e-1', 'content-type': 'application/json' });
        expect(record!.headers.traceparent).toBe(`00-${spanContext.traceId}-${spanContext.spanId}-01`);
        expect(trace.getSpanContext(recordContext(record!.headers))?.traceId).toBe(spanContext.traceId);
      } finally {
        context.disable();
        propagation.disable();
      }
    },
  },
];
