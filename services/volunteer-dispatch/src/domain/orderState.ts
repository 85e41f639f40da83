import { omit, type Decider } from '@carebridge/decider';
import type {
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
  EventOf,
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
      readonly unfilled?: {
        readonly considered: number;
        readonly ruledOut: readonly { rule: string; count: number }[];
      };
      readonly hasFeedback: boolean;
    };

export type OrderCommand =
  | { kind: 'place'; order: Omit<PlacedOrder, 'placedAt'>; now: string }
  | {
      kind: 'offer';
      assignee: Assignee;
      by: 'auto' | 'manual';
      dispatcher?: string;
      rank: number;
      reasons: string[];
      expiresAt: string;
      now: string;
    }
  | { kind: 'withdraw'; reason: string; now: string }
  | { kind: 'accept'; assignee: Assignee; now: string }
  | { kind: 'decline'; assignee: Assignee; reason?: string; now: string }
  | { kind: 'expire'; now: string }
  | { kind: 'reportUnfilled'; considered: number; ruledOut: { rule: string; count: number }[]; now: string }
  | { kind: 'start'; assignee: Assignee; now: string }
  | { kind: 'complete'; actualMinutes: number; now: string }
  | { kind: 'cancel'; reason: string; by: string; now: string }
  | { kind: 'feedback'; rating: number; comment?: string; now: string };

export const assigneeKey = (a: Assignee): string => `${a.kind}:${a.id}`;

/** How an order's state follows from its events (the decider's evolve). */
export const evolveOrder: Decider<OrderCommand, OrderState, OrderEvent>['evolve'] = (state, event) => {
  if (event.type === 'dispatch.OrderPlaced')
    return { status: 'open', order: event.data, passedOver: [], hasFeedback: false };
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'dispatch.OrderOffered': {
      const { assignee, expiresAt, by } = event.data;
      return { ...state, status: 'offered', offer: { assignee, expiresAt, by } };
    }
    case 'dispatch.OfferEnded': {
      const passedOver =
        event.data.outcome === 'withdrawn' ? state.passedOver : [...state.passedOver, assigneeKey(event.data.assignee)];
      return { ...omit(state, 'offer'), status: 'open', passedOver };
    }
    case 'dispatch.OfferAccepted': {
      return { ...omit(state, 'offer', 'unfilled'), status: 'accepted', assignee: event.data.assignee };
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
};
