import { DomainRuleError, ValidationError } from '@carebridge/decider';
import type { EventOf, ReferralRequested } from '@carebridge/event-schema';
import type { EventStore } from '@carebridge/event-store';
import { needOf } from '../domain/data/needs';
import type { OrderCommands } from './orderCommands';
import { orderStream } from './streams';

/** Turns another programme's referral into an order (or declines it back), once per referral. */
export const createReferralIntake = (
  { store, clock }: { store: EventStore; clock: () => Date },
  { place }: Pick<OrderCommands, 'place'>,
) => {
  const now = () => clock().toISOString();
  return {
    /**
     * referral.Requested with to = 'dispatch' (the hotline's "volunteer help"): request.kind names the need,
     * request.serviceId the community. The order id is derived from the referral, so redelivery places nothing new.
     * Returns the order id, or undefined when the referral cannot become an order (then it is declined back) or
     * its person was erased before it arrived (then nothing is done).
     */
    async fromReferral(referral: EventOf<typeof ReferralRequested>['data']): Promise<string | undefined> {
      if (referral.to !== 'dispatch') return undefined;
      // The person was erased (their key destroyed) before the referral got here: there is nobody left to serve,
      // and nothing of theirs could be sealed again.
      if ((referral.person.name as string | null) === null) return undefined;
      const orderId = `ref-${referral.referralId}`;
      const need = needOf(referral.request.kind);
      const start = Date.parse(referral.requestedAt) + 60 * 60_000;
      // A blank name: the order still goes out, and the dispatcher reaches the person through the referring case
      // (personRef and case id are on the order).
      const name =
        typeof referral.person.name === 'string' && referral.person.name.trim()
          ? referral.person.name
          : `转介对象 (${referral.from.programme} ${referral.from.caseId})`.slice(0, 100);
      const ctx = {
        commandId: `referral:${referral.referralId}`,
        actor: { subject: `programme:${referral.from.programme}`, role: 'referral' },
      };
      try {
        return await place(
          {
            orderId,
            need: referral.request.kind,
            community: referral.request.serviceId ?? '',
            windowStart: new Date(start).toISOString(),
            windowEnd: new Date(start + (need?.defaultMinutes ?? 60) * 60_000).toISOString(),
            urgency: 'urgent',
            requiredSkills: [],
            estimatedHours: Number.NaN,
            requesterName: name,
            source: {
              kind: 'referral',
              referralId: referral.referralId,
              programme: referral.from.programme,
              caseId: referral.from.caseId,
            },
            requester: {
              personRef: referral.person.personRef,
              name,
              ...(typeof referral.person.phone === 'string' ? { phone: referral.person.phone } : {}),
            },
            ...(typeof referral.request.note === 'string' && referral.request.note
              ? { note: referral.request.note }
              : {}),
            placedBy: ctx.actor.subject,
          },
          ctx,
        );
      } catch (error) {
        if (!(error instanceof ValidationError) && !(error instanceof DomainRuleError)) throw error;
        if (error instanceof DomainRuleError) return orderId;
        // Declined back to the referrer, once: a redelivered referral finds the stream already there.
        await store.append(
          orderStream(orderId),
          [
            {
              type: 'referral.OutcomeReported',
              data: {
                referralId: referral.referralId,
                from: referral.from.programme,
                to: 'dispatch',
                targetRef: orderId,
                outcome: 'declined',
                detail: error.message.slice(0, 500),
                reportedAt: now(),
              },
            },
          ],
          { expectedVersion: 'any', commandId: `${ctx.commandId}:declined` },
        );
        return undefined;
      }
    },
  };
};
