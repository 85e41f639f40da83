import type { Projection } from '@carebridge/projection-runner';
import type { HotlineApplication } from './hotlineApplication';

/**
 * referrals.v1 → the case timeline: what the receiving programme reports about a hotline referral. The store's
 * idempotency (one command id per CloudEvent id) absorbs redelivery, so no inbox is needed. Named after the
 * topic it reads, so its consumer group is too.
 */
export const referralOutcomeProjection = (app: HotlineApplication): Projection => {
  const topic = app.registry.latest('referral.OutcomeReported')?.topic ?? 'referrals.v1';
  return {
    name: `referral-outcomes.${topic}`,
    topics: [topic],
    async handle(event) {
      await app.consumers.referralOutcomes.handle(event);
    },
  };
};
