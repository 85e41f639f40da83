import type { MessageBus } from '../types';
import { consumerCases } from './consumerCases';

export type ConsumerFixture = {
  /** One bus for the whole suite; closed after it. */
  readonly open: () => Promise<MessageBus>;
};

/**
 * Binds the consumer contract to one adapter: every case, then a guard that fails when a case was skipped,
 * filtered out or vanished, so "green" always means "all of it ran".
 */
export const consumerContract = (adapter: string, fixture: ConsumerFixture, timeoutMs = 90_000): void => {
  describe(`MessageBus contract: ${adapter}`, () => {
    const completed = new Set<string>();
    let bus: MessageBus | undefined;
    beforeAll(async () => {
      bus = await fixture.open();
    }, timeoutMs);
    afterAll(async () => {
      await bus?.close();
    }, timeoutMs);

    for (const c of consumerCases) {
      it(
        c.name,
        async () => {
          await c.run(bus!);
          completed.add(c.name);
        },
        timeoutMs,
      );
    }

    it('ran every contract case', () => {
      expect([...completed].sort()).toEqual(consumerCases.map((c) => c.name).sort());
    });
  });
};
