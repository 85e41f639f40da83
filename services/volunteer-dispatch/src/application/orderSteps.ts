import { createCommandHandler, DomainRuleError, fold, NotFoundError, retryOnConflict } from '@carebridge/decider';
import { ConcurrencyConflictError } from '@carebridge/event-store';
import { defaultOfferTimeouts, offerExpiresAt } from '../domain/offerDeadlines';
import { orderDecider, type Assignee, type OrderCommand, type OrderEvent, type OrderState } from '../domain/order';
import { step, type Ctx, type EngineDeps } from './context';
import { createLedgers } from './ledgers';
import { orderStream } from './streams';

export type OpenedOrder = Exclude<OrderState, { status: 'none' }>;

/**
 * The two-stream protocol (docs/adr/0007): capacity is held on the assignee's ledger FIRST, then the offer is
 * appended to the order at its expected version; if the order moved on meanwhile, the hold is released.
 * Each stream's expected version guards one invariant; no step ever needs a multi-document transaction.
 */
export const createOrderSteps = (deps: EngineDeps) => {
  const { store, clock } = deps;
  const orders = createCommandHandler(store, orderDecider);
  const ledgers = createLedgers(deps);
  const loadOrder = async (orderId: string): Promise<OpenedOrder> => {
    const state = fold(orderDecider, (await store.readStream(orderStream(orderId))) as unknown as OrderEvent[]);
    if (state.status === 'none') throw new NotFoundError(`order ${orderId} not found`);
    return state;
  };
  const onOrder = (orderId: string, command: OrderCommand, ctx: Ctx) => orders(orderStream(orderId), command, ctx);
  const iso = () => clock().toISOString();
  const onOrderRetrying = (orderId: string, command: OrderCommand, ctx: Ctx) =>
    retryOnConflict(() => onOrder(orderId, command, ctx));

  const holdAndOffer = async (
    state: OpenedOrder,
    assignee: Assignee,
    offer: { by: 'auto' | 'manual'; rank: number; reasons: string[]; dispatcher?: string },
    ctx: Ctx,
  ): Promise<'offered' | 'no_capacity' | 'order_moved'> => {
    const { order } = state;
    const now = clock();
    const expiresAt = offerExpiresAt(deps.offerTimeouts ?? defaultOfferTimeouts, order.urgency, now.toISOString());
    const reserve = {
      kind: 'reserve',
      orderId: order.orderId,
      window: order.window,
      minutes: order.estimatedMinutes,
      holdUntil: expiresAt,
      now: now.toISOString(),
    } as const;
    if (!(await ledgers.tryReserve(assignee, reserve, step(ctx, `hold:${assignee.id}`)))) return 'no_capacity';
    try {
      await onOrder(
        order.orderId,
        { kind: 'offer', assignee, ...offer, expiresAt, now: now.toISOString() },
        step(ctx, `offer:${assignee.id}`),
      );
      return 'offered';
    } catch (error) {
      await ledgers.run(
        assignee,
        { kind: 'release', orderId: order.orderId, reason: 'order_taken', now: iso() },
        step(ctx, `unhold:${assignee.id}`),
      );
      if (error instanceof ConcurrencyConflictError || error instanceof DomainRuleError) return 'order_moved';
      throw error;
    }
  };

  /** Ends the open offer (if any) on the order and gives its hold back. */
  const endOffer = async (orderId: string, command: OrderCommand, ctx: Ctx): Promise<Assignee | undefined> => {
    const handled = await onOrderRetrying(orderId, command, ctx);
    const ended = handled.events.find((e) => e.type === 'dispatch.OfferEnded');
    if (ended?.type !== 'dispatch.OfferEnded') return undefined;
    await ledgers.run(
      ended.data.assignee,
      { kind: 'release', orderId, reason: ended.data.outcome, now: iso() },
      step(ctx, 'release'),
    );
    return ended.data.assignee;
  };

  return { loadOrder, onOrder, onOrderRetrying, ledgers, holdAndOffer, endOffer, iso };
};

export type OrderSteps = ReturnType<typeof createOrderSteps>;
