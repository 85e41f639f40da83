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
import {
  assigneeKey,
  evolveOrder,
  type Assignee,
  type OrderCommand,
  type OrderEvent,
  type OrderState,
  type PlacedOrder,
} from './orderState';

export * from './orderState';

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
        return [
          {
            type: OrderOffered.type,
            data: { orderId, assignee, by, ...(dispatcher ? { dispatcher } : {}), rank, reasons, expiresAt, at },
          },
        ];
      }
      case 'withdraw':
        if (current.status !== 'offered' || !current.offer) return refuse('order has no open offer', 'no_offer');
        return [
          {
            type: OfferEnded.type,
            data: { orderId, assignee: current.offer.assignee, outcome: 'withdrawn', reason: command.reason, at },
          },
        ];
      case 'accept':
        if (current.status === 'accepted' && same(current.assignee, command.assignee)) return [];
        if (current.status !== 'offered' || !same(current.offer?.assignee, command.assignee)) {
          return refuse('there is no open offer of this order to you', 'no_offer');
        }
        if (Date.parse(at) >= Date.parse(current.offer!.expiresAt)) return refuse('the offer expired', 'offer_expired');
        return [
          { type: OfferAccepted.type, data: { orderId, assignee: command.assignee, at } },
          ...reportBack(current.order, 'accepted', at, 'a volunteer accepted the order'),
        ];
      case 'decline':
        if (current.status !== 'offered' || !same(current.offer?.assignee, command.assignee)) {
          return refuse('there is no open offer of this order to you', 'no_offer');
        }
        return [
          {
            type: OfferEnded.type,
            data: {
              orderId,
              assignee: command.assignee,
              outcome: 'declined',
              ...(command.reason ? { reason: command.reason } : {}),
              at,
            },
          },
        ];
      case 'expire':
        if (current.status !== 'offered' || !current.offer || Date.parse(at) < Date.parse(current.offer.expiresAt))
          return [];
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
        if (current.status === 'completed')
          return refuse('order is already completed; hours were credited once', 'already_completed');
        if (current.status !== 'accepted' && current.status !== 'in_progress')
          return refuse(`order is ${current.status}`, 'not_assigned');
        return [
          {
            type: OrderCompleted.type,
            data: { orderId, assignee: current.assignee!, actualMinutes: command.actualMinutes, at },
          },
          ...reportBack(current.order, 'completed', at),
        ];
      case 'cancel':
        if (current.status === 'completed' || current.status === 'cancelled')
          return refuse(`order is already ${current.status}`, 'closed');
        return [
          { type: OrderCancelled.type, data: { orderId, reason: command.reason, by: command.by, at } },
          ...reportBack(current.order, 'withdrawn', at, command.reason),
        ];
      case 'feedback':
        if (current.status !== 'completed') return refuse('feedback is given on completed orders', 'not_completed');
        if (current.hasFeedback) return refuse('feedback was already given', 'feedback_given');
        return [
          {
            type: FeedbackGiven.type,
            data: { orderId, rating: command.rating, ...(command.comment ? { comment: command.comment } : {}), at },
          },
        ];
      default: {
        const unreachable: never = command;
        throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
      }
    }
  },

  evolve: evolveOrder,
};
