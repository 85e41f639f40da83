import { eventRegistry, type EventOf, type ReferralRequested } from '@carebridge/event-schema';
import type { PersonalDataCipher } from '@carebridge/personal-data';
import type { Projection } from '@carebridge/projection-runner';
import type { DispatchApplication } from './dispatchApplication';

/**
 * Consumer of referrals.v1: a referral.Requested addressed to dispatch (the hotline's "volunteer help") becomes an
 * order and is dispatched at once. Redelivery is harmless: the order id and every command id derive from the
 * referral. Outcomes flow back on the same topic from the order stream (received, accepted, completed …).
 */
export const createReferralProjection = (
  app: Pick<DispatchApplication, 'referrals' | 'engine'>,
  cipher: PersonalDataCipher,
): Projection => ({
  name: 'dispatch-referrals',
  topics: ['referrals.v1'],
  async handle(event) {
    if (event.type !== 'referral.Requested' || event.data.to !== 'dispatch') return;
    // The person's name reaches the volunteer who serves them; it arrives sealed like every personal field.
    const opened = (await cipher.openPersonalFields(eventRegistry, event.type, event.data)).data as EventOf<
      typeof ReferralRequested
    >['data'];
    const orderId = await app.referrals.fromReferral(opened);
    if (orderId) await app.engine.dispatch(orderId, { commandId: `referral:${opened.referralId}:dispatch` });
  },
});
