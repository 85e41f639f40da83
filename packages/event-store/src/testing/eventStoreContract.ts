import type { EventStore } from '../types';
import { registerAppendCases, appendCaseCount } from './appendCases';
import { registerBadInputCases, badInputCaseCount } from './badInputCases';
import { registerConcurrencyCases, concurrencyCaseCount } from './concurrencyCases';
import { createTally, registerCase, type ContractContext, type EventStoreFixture } from './contractKit';
import { registerIdempotencyCases, idempotencyCaseCount } from './idempotencyCases';
import { probeRegistry } from './probeEvents';
import { registerReadAllCases, readAllCaseCount } from './readAllCases';

/** Cases every adapter must pass. Changing it is a decision: the guard below compares against it. */
export const CONTRACT_CASE_COUNT = 22;

/**
 * The EventStore contract, bound to an adapter by a small fixture file:
 *   describeEventStoreContract('sqlite', { create: (registry) => ..., destroy: () => ... })
 * The last test is a guard: it fails when any case was skipped, filtered out or lost.
 */
export const describeEventStoreContract = (name: string, fixture: EventStoreFixture): void => {
  describe(`EventStore contract: ${name}`, () => {
    const tally = createTally();
    const opened: EventStore[] = [];
    const context: ContractContext = {
      test: (caseName, body, timeoutMs) => registerCase(tally, caseName, body, timeoutMs),
      open: async (registry = probeRegistry) => {
        const store = await fixture.create(registry);
        opened.push(store);
        return store;
      },
    };

    afterAll(async () => {
      await Promise.all(opened.map((store) => store.close()));
      await fixture.destroy();
    });

    registerAppendCases(context);
    registerIdempotencyCases(context);
    registerReadAllCases(context);
    registerBadInputCases(context);
    registerConcurrencyCases(context);

    it(`guard: all ${CONTRACT_CASE_COUNT} contract cases were registered and ran`, () => {
      const declared =
        appendCaseCount + idempotencyCaseCount + readAllCaseCount + badInputCaseCount + concurrencyCaseCount;
      expect(declared).toBe(CONTRACT_CASE_COUNT);
      expect(tally.registered).toHaveLength(CONTRACT_CASE_COUNT);
      expect(tally.registered.filter((c) => !tally.completed.has(c))).toEqual([]);
    });
  });
};
