import { DomainRuleError, NotFoundError, type Decider } from '@carebridge/decider';
import {
  FeedbackGiven,
  OfferAccepted,
  OfferEnded,
  OrderCancelled,
  OrderCompleted,
  OrderOffered,
  OrderPlaced,
  OrderStarted,
  OrderUnfilled,
  ReferralOutcomeReported,
  type EventOf,
} from '@carebridge/event-schema';

/**
 * One order (点单) from placement to feedback. The order stream holds at most one live offer or assignee:
 * its expected version is what keeps two dispatchers from giving one order to two volunteers.
 */
export type OrderEvent =
  | EventOf<typeof OrderPlaced>
  | EventOf<typeof OrderOffered>
  | EventOf<typeof OfferEnded>
  | EventOf<typeof OfferAccepted>
  | EventOf<typeof OrderUnfilled>
  | EventOf<typeof OrderStarted>
  | EventOf<typeof OrderCompleted>
  | EventOf<typeof OrderCancelled>
  | EventOf<typeof FeedbackGiven>
  | EventOf<typeof ReferralOutcomeReported>;

export type Assignee = { readonly kind: 'volunteer' | 'team'; readonly id: string };
export type PlacedOrder = EventOf<typeof OrderPlaced>['data'];
export type OrderStatus = 'open' | 'offered' | 'accepted' | 'in_progress' | 'completed' | 'cancelled';

export type OrderState =
  | { readonly status: 'none' }
  | {
      readonly status: OrderStatus;
      readonly order: PlacedOrder;
      readonly offer?: { readonly assignee: Assignee; readonly expiresAt: string; readonly by: 'auto' | 'manual' };
      readonly assignee?: Assignee;
      /** Assignees who declined or let the offer lapse: automatic dispatch does not ask them again. */
      readonly passedOver: readonly string[];
      readonly unfilled?: { readonly considered: number; readonly ruledOut: readonly { rule: string; count: number }[] };
      readonly hasFeedback: boolean;
    };

export type OrderCommand =
  | { kind: 'place'; order: Omit<PlacedOrder, 'placedAt'>; now: string }
  | { kind: 'offer'; assignee: Assignee; by: 'auto' | 'manual'; dispatcher?: string; rank: number; reasons: string[]; expiresAt: string; now: string }
  | { kind: 'withdraw'; reason: string; now: string }
  | { kind: 'accept'; assignee: Assignee; now: string }
  | { kind: 'decline'; assignee: Assignee; reason?: string; now: string }
  | { kind: 'expire'; now: string }
  | { kind: 'reportUnfilled'; considered: number; ruledOut: { rule: string; count: number }[]; now: string }
  | { kind: 'start'; assignee: Assignee; now: string }
  | { kind: 'complete'; actualMinutes: number; now: string }
  | { kind: 'cancel'; reason: string; by: string; now: string }
  | { kind: 'feedback'; rating: number; comment?: string; now: string };

type Outcome = EventOf<typeof ReferralOutcomeReported>['data']['outcome'];

/** A referred order reports each step back to the programme that referred it, in the same append. */
const reportBack = (order: PlacedOrder, outcome: Outcome, at: string, detail?: string): OrderEvent[] =>
  order.source.kind === 'referral' && order.source.referralId && order.source.programme
    ? [
        {
          type: ReferralOutcomeReported.type,
          data: {
            referralId: order.source.referralId,
            from: order.source.programme as 'hotline' | 'relief' | 'dispatch' | 'catalog',
            to: 'dispatch',
            targetRef: order.orderId,
            outcome,
            ...(detail ? { detail } : {}),
            reportedAt: at,
          },
        },
      ]
    : [];

export const assigneeKey = (a: Assignee): string => `${a.kind}:${a.id}`;
const same = (a: Assignee | undefined, b: Assignee): boolean => !!a && a.kind === b.kind && a.id === b.id;

type Placed = Exclude<OrderState, { status: 'none' }>;
const placed = (state: OrderState): Placed => {
  if (state.status === 'none') throw new NotFoundError('order not found');
  return state;
};
const refuse = (message: string, code: string, field = 'order_id'): never => {
  throw new DomainRuleError(message, code, field);
};

export const orderDecider: Decider<OrderCommand, OrderState, OrderEvent> = {
  initialState: () => ({ status: 'none' }),

  decide(command, state) {
    if (command.kind === 'place') {
      if (state.status !== 'none') return refuse('order already placed', 'already_placed');
      return [
        { type: OrderPlaced.type, data: { ...structuredClone(command.order), placedAt: command.now } },
        ...reportBack({ ...command.order, placedAt: command.now }, 'received', command.now),
      ];
    }
    const current = placed(state);
    const orderId = current.order.orderId;
    const at = command.now;
    switch (command.kind) {
      case 'offer': {
        if (current.status !== 'open') return refuse(`order is ${current.status}, not open`, 'not_open');
        if (command.by === 'auto' && current.passedOver.includes(assigneeKey(command.assignee))) {
          return refuse('this assignee already declined or let the offer lapse', 'passed_over', 'assignee');
        }
        const { assignee, by, rank, reasons, expiresAt, dispatcher } = command;
        return [{ type: OrderOffered.type, data: { orderId, assignee, by, ...(dispatcher ? { dispatcher } : {}), rank, reasons, expiresAt, at } }];
      }
      case 'withdraw':
        if (current.status !== 'offered' || !current.offer) return refuse('order has no open offer', 'no_offer');
        return [{ type: OfferEnded.type, data: { orderId, assignee: current.offer.assignee, outcome: 'withdrawn', reason: command.reason, at } }];
      case 'accept':
        if (current.status === 'accepted' && same(current.assignee, command.assignee)) return [];
        if (current.status !== 'offered' || !same(current.offer?.assignee, command.assignee)) {
          return refuse('there is no open offer of this order to you', 'no_offer');
        }
        if (Date.parse(at) >= Date.parse(current.offer!.expiresAt)) return refuse('the offer expired', 'offer_expired');
        return [{ type: OfferAccepted.type, data: { orderId, assignee: command.assignee, at } }, ...reportBack(current.order, 'accepted', at, 'a volunteer accepted the order')];
      case 'decline':
        if (current.status !== 'offered' || !same(current.offer?.assignee, command.assignee)) {
          return refuse('there is no open offer of this order to you', 'no_offer');
        }
        return [{ type: OfferEnded.type, data: { orderId, assignee: command.assignee, outcome: 'declined', ...(command.reason ? { reason: command.reason } : {}), at } }];
      case 'expire':
        if (current.status !== 'offered' || !current.offer || Date.parse(at) < Date.parse(current.offer.expiresAt)) return [];
        return [{ type: OfferEnded.type, data: { orderId, assignee: current.offer.assignee, outcome: 'expired', at } }];
      case 'reportUnfilled': {
        if (current.status !== 'open') return [];
        const report = { considered: command.considered, ruledOut: command.ruledOut };
        // Reported when the picture changes, not on every retry: the stream stays readable.
        if (JSON.stringify(current.unfilled) === JSON.stringify(report)) return [];
        return [{ type: OrderUnfilled.type, data: { orderId, ...structuredClone(report), at } }];
      }
      case 'start':
        if (current.status === 'in_progress' && same(current.assignee, command.assignee)) return [];
        if (current.status !== 'accepted' || !same(current.assignee, command.assignee)) {
          return refuse('only the assignee of an accepted order can start it', 'not_assignee');
        }
        return [{ type: OrderStarted.type, data: { orderId, at } }, ...reportBack(current.order, 'in_progress', at)];
      case 'complete':
        if (current.status === 'completed') return refuse('order is already completed; hours were credited once', 'already_completed');
        if (current.status !== 'accepted' && current.status !== 'in_progress') return refuse(`order is ${current.status}`, 'not_assigned');
        return [
          { type: OrderCompleted.type, data: { orderId, assignee: current.assignee!, actualMinutes: command.actualMinutes, at } },
          ...reportBack(current.order, 'completed', at),
        ];
      case 'cancel':
        if (current.status === 'completed' || current.status === 'cancelled') return refuse(`order is already ${current.status}`, 'closed');
        return [{ type: OrderCancelled.type, data: { orderId, reason: command.reason, by: command.by, at } }, ...reportBack(current.order, 'withdrawn', at, command.reason)];
      case 'feedback':
        if (current.status !== 'completed') return refuse('feedback is given on completed orders', 'not_completed');
        if (current.hasFeedback) return refuse('feedback was already given', 'feedback_given');
        return [{ type: FeedbackGiven.type, data: { orderId, rating: command.rating, ...(command.comment ? { comment: command.comment } : {}), at } }];
      default: {
        const unreachable: never = command;
        throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
      }
    }
  },

  evolve(state, event) {
    if (event.type === 'dispatch.OrderPlaced') return { status: 'open', order: event.data, passedOver: [], hasFeedback: false };
    if (state.status === 'none') return state;
    switch (event.type) {
      case 'dispatch.OrderOffered': {
        const { assignee, expiresAt, by } = event.data;
        return { ...state, status: 'offered', offer: { assignee, expiresAt, by } };
      }
      case 'dispatch.OfferEnded': {
        const passedOver = event.data.outcome === 'withdrawn' ? state.passedOver : [...state.passedOver, assigneeKey(event.data.assignee)];
        const { offer: _offer, ...rest } = state;
        return { ...rest, status: 'open', passedOver };
      }
      case 'dispatch.OfferAccepted': {
        const { offer: _offer, unfilled: _unfilled, ...rest } = state;
        return { ...rest, status: 'accepted', assignee: event.data.assignee };
      }
      case 'dispatch.OrderUnfilled':
        return { ...state, unfilled: { considered: event.data.considered, ruledOut: event.data.ruledOut } };
      case 'dispatch.OrderStarted':
        return { ...state, status: 'in_progress' };
      case 'dispatch.OrderCompleted':
        return { ...state, status: 'completed' };
      case 'dispatch.OrderCancelled':
        return { ...state, status: 'cancelled' };
      case 'dispatch.FeedbackGiven':
        return { ...state, hasFeedback: true };
      case 'referral.OutcomeReported':
        return state;
      default: {
        const unreachable: never = event;
        throw new Error(`unknown event ${JSON.stringify(unreachable)}`);
      }
    }
  },
};
