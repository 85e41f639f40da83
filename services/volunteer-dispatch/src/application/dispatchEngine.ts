import { DomainRuleError } from '@carebridge/decider';
import { ConcurrencyConflictError } from '@carebridge/event-store';
import { rankCandidates, type DispatchDecision } from '../domain/dispatch/rankCandidates';
import type { Assignee } from '../domain/order';
import { toSpan } from '../domain/time';
import { step, type Ctx, type EngineDeps } from './context';
import type { OpenedOrder, OrderSteps } from './orderSteps';
import { orderStream } from './streams';

export type DispatchOutcome =
  | { readonly kind: 'offered'; readonly assignee: Assignee; readonly decision?: DispatchDecision }
  | { readonly kind: 'unfilled'; readonly decision: DispatchDecision }
  | { readonly kind: 'not_open'; readonly status: string };

/** How many ranked candidates one round tries before it reports the order unfilled. */
const TRIES_PER_ROUND = 12;
const ROUNDS = 6;

/** 派单: automatic dispatch over the ranking, and a dispatcher's manual choice. */
export const createDispatchEngine = (deps: EngineDeps, steps: OrderSteps) => {
  const { index, directory, clock } = deps;
  const { loadOrder, onOrder, holdAndOffer, endOffer, iso } = steps;

  const rank = (state: OpenedOrder) => {
    const { order } = state;
    const passedOver = new Set(
      state.passedOver.filter((k) => k.startsWith('volunteer:')).map((k) => k.slice('volunteer:'.length)),
    );
    const request = {
      orderId: order.orderId,
      community: order.community,
      span: toSpan(order.window),
      minutes: order.estimatedMinutes,
      requiredSkills: order.requiredSkills,
      passedOver,
      now: clock().getTime(),
    };
    return rankCandidates(request, index, directory);
  };

  const dispatch = async (orderId: string, ctx: Ctx): Promise<DispatchOutcome> => {
    for (let round = 0; round < ROUNDS; round++) {
      const state = await loadOrder(orderId);
      if (state.status !== 'open') return { kind: 'not_open', status: state.status };
      const decision = rank(state);
      let moved = false;
      let refused = 0;
      for (const candidate of decision.ranked.slice(0, TRIES_PER_ROUND)) {
        const assignee: Assignee = { kind: 'volunteer', id: candidate.volunteerId };
        const outcome = await holdAndOffer(
          state,
          assignee,
          { by: 'auto', rank: candidate.rank, reasons: [...candidate.reasons] },
          step(ctx, `r${round}`),
        );
        if (outcome === 'offered') return { kind: 'offered', assignee, decision };
        if (outcome === 'no_capacity') refused++;
        if (outcome === 'order_moved') {
          moved = true;
          break;
        }
      }
      // Others took those slots while this round ran: rank again on what the ledgers say now.
      if (moved || (refused > 0 && round < ROUNDS - 1)) continue;
      // The report says why as of now, not as of the start of the round.
      const final = refused > 0 ? rank(state) : decision;
      try {
        const ruledOut = final.ruledOutCounts.map((r) => ({ ...r }));
        await onOrder(
          orderId,
          { kind: 'reportUnfilled', considered: final.considered, ruledOut, now: iso() },
          step(ctx, `r${round}:unfilled`),
        );
        return { kind: 'unfilled', decision: final };
      } catch (error) {
        if (!(error instanceof ConcurrencyConflictError)) throw error;
      }
    }
    const state = await loadOrder(orderId);
    return { kind: 'not_open', status: state.status };
  };

  return {
    loadOrder,
    dispatch,
    /** A dispatcher's choice overrides ranking and fairness, never the caps: the ledger still has the last word. */
    async assign(orderId: string, assignee: Assignee, dispatcher: string, ctx: Ctx): Promise<DispatchOutcome> {
      let state = await loadOrder(orderId);
      if (state.status === 'offered') {
        await endOffer(
          orderId,
          { kind: 'withdraw', reason: `reassigned by ${dispatcher}`, now: iso() },
          step(ctx, 'withdraw'),
        );
        state = await loadOrder(orderId);
      }
      if (state.status !== 'open') throw new DomainRuleError(`order is ${state.status}`, 'not_open', 'order_id');
      const outcome = await holdAndOffer(
        state,
        assignee,
        { by: 'manual', rank: 0, reasons: [`manual: chosen by dispatcher ${dispatcher}`], dispatcher },
        ctx,
      );
      if (outcome === 'no_capacity')
        throw new DomainRuleError(
          'the assignee has no capacity for this window (cap, overlap, hours a day or suspended)',
          'no_capacity',
          'assignee',
        );
      if (outcome === 'order_moved') throw new ConcurrencyConflictError(orderStream(orderId), 'open', -1);
      return { kind: 'offered', assignee };
    },
  };
};

export type DispatchEngine = ReturnType<typeof createDispatchEngine>;
