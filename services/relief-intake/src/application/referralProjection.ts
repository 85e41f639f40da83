import type { Projection } from '@carebridge/projection-runner';
import type { ReliefContext } from './context';
import { createReferralConsumer } from './referralConsumer';

export const REFERRALS_TOPIC = 'referrals.v1';

/**
 * referrals.v1 → draft applications. Not a read model but an intake: idempotency comes from the draft's stream
 * id and command id (both derived from the referral id), so the runner's redeliveries and a producer's
 * duplicates land on a draft that already exists and write nothing. The outcome (received) goes back to the
 * referring programme in the same commit as the draft, through the outbox.
 */
export const createReferralProjection = (ctx: ReliefContext): Projection => {
  const consumer = createReferralConsumer(ctx);
  return {
    name: 'relief-intake.referrals',
    topics: [REFERRALS_TOPIC],
    async handle(event) {
      await consumer.handle(event);
    },
  };
};
