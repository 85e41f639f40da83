import { createCommandHandler, DomainRuleError, fold, NotFoundError } from '@carebridge/decider';
import { ConcurrencyConflictError } from '@carebridge/event-store';
import { offerTimeoutMinutes } from '../domain/data/needs';
import { rankCandidates, type DispatchDecision } from '../domain/dispatch/rankCandidates';
import { orderDecider, type Assignee, type OrderCommand, type OrderEvent, type OrderState } from '../domain/order';
import { toSpan } from '../domain/time';
import { step, type Ctx, type EngineDeps } from './context';
import { createLedgers, retryOnConflict } from './ledgers';
import { orderStream } from './streams';

export type DispatchOutcome =
  | { readonly kind: 'offered'; readonly assignee: Assignee; readonly decision?: DispatchDecision }
  | { readonly kind: 'unfilled'; readonly decision: DispatchDecision }
  | { readonly kind: 'not_open'; readonly status: string };

/** How many ranked candidates one round tries before it reports the order unfilled. */
const TRIES_PER_ROUND = 12;
const ROUNDS = 6;

/**
 * The two-stream protocol (docs/adr/0007): capacity is held on the assignee's ledger FIRST, then the offer is
 * appended to the order at its expected version; if the order moved on meanwhile, the hold is released.
 * Each stream's expected version guards one invariant; no step ever needs a multi-document transaction.
 */
export const createDispatchEngine = (deps: EngineDeps) => {
  const { store, index, directory, clock } = deps;
  const orders = createCommandHandler(store, orderDecider);
  const ledgers = createLedgers(deps);

  const loadOrder = async (orderId: string): Promise<Exclude<OrderState, { status: 'none' }>> => {
    const state = fold(orderDecider, (await store.readStream(orderStream(orderId))) as unknown as OrderEvent[]);
    if (state.status === 'none') throw new NotFoundError(`order ${orderId} not found`);
    return state;
  };
  const onOrder = (orderId: string, command: OrderCommand, ctx: Ctx) => orders(orderStream(orderId), command, ctx);
  const iso = () => clock().toISOString();

  const holdAndOffer = async (
    state: Exclude<OrderState, { status: 'none' }>,
    assignee: Assignee,
    offer: { by: 'auto' | 'manual'; rank: number; reasons: string[]; dispatcher?: string },
    ctx: Ctx,
  ): Promise<'offered' | 'no_capacity' | 'order_moved'> => {
    const { order } = state;
    const now = clock();
    const expiresAt = new Date(now.getTime() + offerTimeoutMinutes[order.urgency] * 60_000).toISOString();
    const reserve = { kind: 'reserve', orderId: order.orderId, window: order.window, minutes: order.estimatedMinutes, holdUntil: expiresAt, now: now.toISOString() } as const;
    if (!(await ledgers.tryReserve(assignee, reserve, step(ctx, `hold:${assignee.id}`)))) return 'no_capacity';
    try {
      await onOrder(order.orderId, { kind: 'offer', assignee, ...offer, expiresAt, now: now.toISOString() }, step(ctx, `offer:${assignee.id}`));
      return 'offered';
    } catch (error) {
      await ledgers.run(assignee, { kind: 'release', orderId: order.orderId, reason: 'order_taken', now: iso() }, step(ctx, `unhold:${assignee.id}`));
      if (error instanceof ConcurrencyConflictError || error instanceof DomainRuleError) return 'order_moved';
      throw error;
    }
  };

  const dispatch = async (orderId: string, ctx: Ctx): Promise<DispatchOutcome> => {
    for (let round = 0; round < ROUNDS; round++) {
      const state = await loadOrder(orderId);
      if (state.status !== 'open') return { kind: 'not_open', status: state.status };
      const { order } = state;
      const passedOver = new Set(state.passedOver.filter((k) => k.startsWith('volunteer:')).map((k) => k.slice('volunteer:'.length)));
      const span = toSpan(order.window);
      const decision = rankCandidates(
        { orderId, community: order.community, span, minutes: order.estimatedMinutes, requiredSkills: order.requiredSkills, passedOver, now: clock().getTime() },
        index,
        directory,
      );
      let moved = false;
      for (const candidate of decision.ranked.slice(0, TRIES_PER_ROUND)) {
        const assignee: Assignee = { kind: 'volunteer', id: candidate.volunteerId };
        const outcome = await holdAndOffer(state, assignee, { by: 'auto', rank: candidate.rank, reasons: [...candidate.reasons] }, step(ctx, `r${round}`));
        if (outcome === 'offered') return { kind: 'offered', assignee, decision };
        if (outcome === 'order_moved') {
          moved = true;
          break;
        }
      }
      if (moved) continue;
      try {
        const ruledOut = decision.ruledOutCounts.map((r) => ({ ...r }));
        await onOrder(orderId, { kind: 'reportUnfilled', considered: decision.considered, ruledOut, now: iso() }, step(ctx, `r${round}:unfilled`));
        return { kind: 'unfilled', decision };
      } catch (error) {
        if (!(error instanceof ConcurrencyConflictError)) throw error;
      }
    }
    const state = await loadOrder(orderId);
    return { kind: 'not_open', status: state.status };
  };

  /** Ends the open offer (if any) on the order and gives its hold back. */
  const endOffer = async (orderId: string, command: OrderCommand, ctx: Ctx): Promise<Assignee | undefined> => {
    const handled = await retryOnConflict(() => onOrder(orderId, command, ctx));
    const ended = handled.events.find((e) => e.type === 'dispatch.OfferEnded');
    if (!ended || ended.type !== 'dispatch.OfferEnded') return undefined;
    await ledgers.run(ended.data.assignee, { kind: 'release', orderId, reason: ended.data.outcome, now: iso() }, step(ctx, 'release'));
    return ended.data.assignee;
  };

  return {
    loadOrder,
    dispatch,
    /** A dispatcher's choice overrides ranking and fairness, never the caps: the ledger still has the last word. */
    async assign(orderId: string, assignee: Assignee, dispatcher: string, ctx: Ctx): Promise<DispatchOutcome> {
      let state = await loadOrder(orderId);
      if (state.status === 'offered') {
        await endOffer(orderId, { kind: 'withdraw', reason: `reassigned by ${dispatcher}`, now: iso() }, step(ctx, 'withdraw'));
        state = await loadOrder(orderId);
      }
      if (state.status !== 'open') throw new DomainRuleError(`order is ${state.status}`, 'not_open', 'order_id');
      const outcome = await holdAndOffer(state, assignee, { by: 'manual', rank: 0, reasons: [`manual: chosen by dispatcher ${dispatcher}`], dispatcher }, ctx);
      if (outcome === 'no_capacity') throw new DomainRuleError('the assignee has no capacity for this window (cap, overlap, hours a day or suspended)', 'no_capacity', 'assignee');
      if (outcome === 'order_moved') throw new ConcurrencyConflictError(orderStream(orderId), 'open', -1);
      return { kind: 'offered', assignee };
    },
    async accept(orderId: string, assignee: Assignee, ctx: Ctx): Promise<void> {
      // Confirm the hold first: if the order step then fails, the confirmed slot is given back.
      await ledgers.run(assignee, { kind: 'confirm', orderId, now: iso() }, step(ctx, 'confirm'));
      try {
        await retryOnConflict(() => onOrder(orderId, { kind: 'accept', assignee, now: iso() }, step(ctx, 'accept')));
      } catch (error) {
        await ledgers.run(assignee, { kind: 'release', orderId, reason: 'accept_failed', now: iso() }, step(ctx, 'unconfirm'));
        throw error;
      }
    },
    async decline(orderId: string, assignee: Assignee, reason: string, ctx: Ctx): Promise<DispatchOutcome> {
      await endOffer(orderId, { kind: 'decline', assignee, reason, now: iso() }, ctx);
      return dispatch(orderId, step(ctx, 'redispatch'));
    },
    /** Timeout: an offer not answered in time goes to the next candidate. */
    async expire(orderId: string, ctx: Ctx): Promise<DispatchOutcome | undefined> {
      const ended = await endOffer(orderId, { kind: 'expire', now: iso() }, ctx);
      return ended ? dispatch(orderId, step(ctx, 'redispatch')) : undefined;
    },
    async start(orderId: string, assignee: Assignee, ctx: Ctx): Promise<void> {
      await retryOnConflict(() => onOrder(orderId, { kind: 'start', assignee, now: iso() }, ctx));
    },
    /** Completion is recorded on the order once; the credit's key is the order, so a retry credits nothing more. */
    async complete(orderId: string, actualMinutes: number, ctx: Ctx): Promise<void> {
      const handled = await retryOnConflict(() => onOrder(orderId, { kind: 'complete', actualMinutes, now: iso() }, ctx));
      const done = handled.state.status === 'completed' ? handled.state : undefined;
      const assignee = done && 'assignee' in done ? done.assignee : undefined;
      if (assignee) await ledgers.run(assignee, { kind: 'credit', orderId, minutes: actualMinutes, now: iso() }, { ...ctx, commandId: `credit:${orderId}` });
    },
    async cancel(orderId: string, reason: string, by: string, ctx: Ctx): Promise<void> {
      const before = await loadOrder(orderId);
      await retryOnConflict(() => onOrder(orderId, { kind: 'cancel', reason, by, now: iso() }, ctx));
      const holder = before.offer?.assignee ?? before.assignee;
      if (holder) await ledgers.run(holder, { kind: 'release', orderId, reason: 'cancelled', now: iso() }, step(ctx, 'release'));
    },
    async feedback(orderId: string, rating: number, comment: string | undefined, ctx: Ctx): Promise<void> {
      await retryOnConflict(() => onOrder(orderId, { kind: 'feedback', rating, ...(comment ? { comment } : {}), now: iso() }, ctx));
    },
  };
};

export type DispatchEngine = ReturnType<typeof createDispatchEngine>;
