import { eventRegistry, type EventOf, type ReferralRequested } from '@carebridge/event-schema';
import type { CatalogContext } from './catalogContext';
import { requestIdOfReferral } from './publicDocuments';
import type { ServiceRequestApi } from './serviceRequests';

type Incoming = { readonly type: string; readonly data: Record<string, unknown> };

/**
 * referral.Requested (to = catalog, request.serviceId = a catalog item) → a request to the item's organisation,
 * once however often it is delivered: the request id and the idempotency key both come from the referral id.
 * A referral for an item that cannot be requested is answered with referral.OutcomeReported 'declined'.
 */
export const createReferralConsumer = (ctx: CatalogContext, requests: ServiceRequestApi) => ({
  topics: ['referrals.v1'] as const,
  async handle(event: Incoming): Promise<'requested' | 'declined' | 'duplicate' | 'ignored'> {
    if (event.type !== 'referral.Requested') return 'ignored';
    const referral = (await ctx.deps.cipher.openPersonalFields(eventRegistry, event.type, event.data)).data as EventOf<
      typeof ReferralRequested
    >['data'];
    if (referral.to !== 'catalog') return 'ignored';
    // The person was erased (their key destroyed) before the referral got here: there is nobody left to request for.
    if ((referral.person.name as string | null) === null) return 'ignored';
    const requestId = requestIdOfReferral(referral.referralId);
    const serviceId = referral.request.serviceId ?? '';
    const handled = await requests.submit(
      {
        type: 'Request',
        requestId,
        serviceId,
        service: await requests.requestedService(serviceId),
        source: {
          kind: 'referral',
          by: `programme:${referral.from.programme}`,
          referralId: referral.referralId,
          programme: referral.from.programme,
          division: referral.from.division,
        },
        requester: {
          personRef: referral.person.personRef,
          name: referral.person.name,
          ...(referral.person.phone ? { phone: referral.person.phone } : {}),
          division: referral.person.division,
          isChild: referral.person.isChild,
        },
        ...(referral.request.note ? { note: referral.request.note } : {}),
        at: ctx.now(),
      },
      {
        commandId: `referral:${referral.referralId}`,
        actor: { subject: `programme:${referral.from.programme}`, role: 'referrer', division: referral.from.division },
      },
    );
    if (handled.events.length === 0) return 'duplicate';
    return handled.events.some((e) => e.type === 'catalog.ServiceRequested') ? 'requested' : 'declined';
  },
});
