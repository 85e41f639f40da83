import { step, type Ctx } from './context';
import type { DispatchEngine, DispatchOutcome } from './dispatchEngine';
import type { OrderSteps } from './orderSteps';
import type { Assignee } from '../domain/order';

/**
 * An offer's and a task's life after dispatch: the assignee accepts or declines, a lapsed offer goes to the next
 * candidate, the task starts and completes (hours credited once), the order is cancelled or rated.
 */
export const createTaskCommands = (steps: OrderSteps, engine: DispatchEngine) => {
  const { endOffer, onOrderRetrying: onOrder, ledgers, loadOrder, iso } = steps;
  const { dispatch } = engine;
  return {
    async accept(orderId: string, assignee: Assignee, ctx: Ctx): Promise<void> {
      // Confirm the hold first: if the order step then fails, the confirmed slot is given back.
      await ledgers.run(assignee, { kind: 'confirm', orderId, now: iso() }, step(ctx, 'confirm'));
      try {
        await onOrder(orderId, { kind: 'accept', assignee, now: iso() }, step(ctx, 'accept'));
      } catch (error) {
        await ledgers.run(
          assignee,
          { kind: 'release', orderId, reason: 'accept_failed', now: iso() },
          step(ctx, 'unconfirm'),
        );
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
      await onOrder(orderId, { kind: 'start', assignee, now: iso() }, ctx);
    },
    /** Completion is recorded on the order once; the credit's key is the order, so a retry credits nothing more. */
    async complete(orderId: string, actualMinutes: number, ctx: Ctx): Promise<void> {
      const handled = await onOrder(orderId, { kind: 'complete', actualMinutes, now: iso() }, ctx);
      const done = handled.state.status === 'completed' ? handled.state : undefined;
      const assignee = done && 'assignee' in done ? done.assignee : undefined;
      if (assignee)
        await ledgers.run(
          assignee,
          { kind: 'credit', orderId, minutes: actualMinutes, now: iso() },
          { ...ctx, commandId: `credit:${orderId}` },
        );
    },
    async cancel(orderId: string, reason: string, by: string, ctx: Ctx): Promise<void> {
      const before = await loadOrder(orderId);
      await onOrder(orderId, { kind: 'cancel', reason, by, now: iso() }, ctx);
      const holder = before.offer?.assignee ?? before.assignee;
      if (holder)
        await ledgers.run(holder, { kind: 'release', orderId, reason: 'cancelled', now: iso() }, step(ctx, 'release'));
    },
    async feedback(orderId: string, rating: number, comment: string | undefined, ctx: Ctx): Promise<void> {
      await onOrder(orderId, { kind: 'feedback', rating, ...(comment ? { comment } : {}), now: iso() }, ctx);
    },
  };
};

export type TaskCommands = ReturnType<typeof createTaskCommands>;
