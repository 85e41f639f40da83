import type { DocumentCollection, DocumentStore, Filter } from '@carebridge/document-store';
import { omit } from '@carebridge/decider';

/**
 * The dispatcher's board: one document per order, PII-free (requester details stay sealed in the stream).
 * Applied once per (stream, version), so redelivery and rebuilds change nothing.
 */
export type OrderCard = {
  id: string;
  community: string;
  county: string;
  need: string;
  urgency: string;
  status: string;
  placedAt: string;
  windowStart: string;
  windowEnd: string;
  estimatedMinutes: number;
  source: string;
  referralId?: string;
  /** The requester's person reference when known (a pseudonym): a person's data export finds orders by it. */
  personRef?: string;
  assigneeKind?: string;
  assigneeId?: string;
  offerExpiresAt?: string;
  unfilled: boolean;
  unfilledReasons?: string;
  actualMinutes?: number;
  rating?: number;
};

type Evt = { readonly type: string; readonly data: Record<string, unknown> };

const change =
  (event: Evt) =>
  (card: OrderCard | undefined): OrderCard | undefined => {
    const d = event.data;
    if (event.type === 'dispatch.OrderPlaced') {
      const window = d.window as { start: string; end: string };
      const source = d.source as { kind: string; referralId?: string };
      const personRef = (d.requester as { personRef?: string } | undefined)?.personRef;
      const community = String(d.community);
      return {
        id: String(d.orderId),
        community,
        county: community.slice(0, 6),
        need: String(d.need),
        urgency: String(d.urgency),
        status: 'open',
        placedAt: String(d.placedAt),
        windowStart: window.start,
        windowEnd: window.end,
        estimatedMinutes: Number(d.estimatedMinutes),
        source: source.kind,
        ...(source.referralId ? { referralId: source.referralId } : {}),
        ...(personRef ? { personRef } : {}),
        unfilled: false,
      };
    }
    if (!card) return card;
    const assignee = d.assignee as { kind: string; id: string } | undefined;
    switch (event.type) {
      case 'dispatch.OrderOffered':
        return {
          ...card,
          status: 'offered',
          assigneeKind: assignee!.kind,
          assigneeId: assignee!.id,
          offerExpiresAt: String(d.expiresAt),
          unfilled: false,
        };
      case 'dispatch.OfferEnded': {
        return { ...omit(card, 'assigneeKind', 'assigneeId', 'offerExpiresAt'), status: 'open' };
      }
      case 'dispatch.OfferAccepted': {
        const rest = omit(card, 'offerExpiresAt');
        return { ...rest, status: 'accepted' };
      }
      case 'dispatch.OrderUnfilled': {
        const ruledOut = d.ruledOut as { rule: string; count: number }[];
        return {
          ...card,
          unfilled: true,
          unfilledReasons: `${String(d.considered)} considered; ${ruledOut.map((r) => `${r.rule}: ${r.count}`).join(', ') || 'nobody serves the community or its neighbours'}`,
        };
      }
      case 'dispatch.OrderStarted':
        return { ...card, status: 'in_progress' };
      case 'dispatch.OrderCompleted':
        return { ...card, status: 'completed', actualMinutes: Number(d.actualMinutes) };
      case 'dispatch.OrderCancelled': {
        return { ...omit(card, 'offerExpiresAt'), status: 'cancelled', unfilled: false };
      }
      case 'dispatch.FeedbackGiven':
        return { ...card, rating: Number(d.rating) };
      default:
        return card;
    }
  };

export const createOrderBoard = (documents: DocumentStore) => {
  const cards: DocumentCollection<OrderCard> = documents.collection<OrderCard>('dispatch_orders', {
    indexes: [
      'community',
      'county',
      'status',
      'placedAt',
      'assigneeId',
      'offerExpiresAt',
      'unfilled',
      'windowStart',
      'personRef',
    ],
  });
  return {
    cards,
    async apply(streamId: string, version: number, event: Evt): Promise<void> {
      if (
        !event.type.startsWith('dispatch.Order') &&
        !event.type.startsWith('dispatch.Offer') &&
        event.type !== 'dispatch.FeedbackGiven'
      )
        return;
      await cards.applyOnce(String(event.data.orderId), { stream: streamId, version }, change(event));
    },
    find: (filter: Filter, options?: Parameters<DocumentCollection<OrderCard>['find']>[1]) =>
      cards.find(filter, options),
    /** Offers whose time ran out: the timeout job re-dispatches them. */
    expiredOffers: (now: Date) =>
      cards.find(
        { status: 'offered', offerExpiresAt: { $lte: now.toISOString() } },
        { sort: [['offerExpiresAt', 1]], limit: 200 },
      ),
    /** Still open with nobody found: shown to dispatchers and retried as volunteers free up. */
    unfilled: (filter: Filter = {}) =>
      cards.find({ ...filter, status: 'open', unfilled: true }, { sort: [['placedAt', 1]], limit: 200 }),
    /** Not yet taken up although the window has begun, or not completed although it has ended. */
    async overdue(now: Date, filter: Filter = {}) {
      const iso = now.toISOString();
      const notStarted = await cards.find(
        { ...filter, status: { $in: ['open', 'offered', 'accepted'] }, windowStart: { $lte: iso } },
        { sort: [['windowStart', 1]], limit: 200 },
      );
      const notDone = await cards.find(
        { ...filter, status: 'in_progress', windowEnd: { $lte: iso } },
        { sort: [['windowEnd', 1]], limit: 200 },
      );
      return [...notStarted.items, ...notDone.items];
    },
  };
};

export type OrderBoard = ReturnType<typeof createOrderBoard>;
