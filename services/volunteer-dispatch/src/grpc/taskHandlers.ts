import { unary, type CallContext } from '@carebridge/grpc-kit';
import type { DispatchApplication } from '../application/dispatchApplication';
import { checkHours, type Violation } from '../domain/validation';
import { ctxOf, deny, hasRole, ROLES, worksIn } from './access';
import { assertHolder } from './orderAccess';
import { failIfAny, requireField } from './requests';
import { dispatchReply, orderFromState } from './wire';

const { dispatcher, volunteer } = ROLES;
type OrderRef = { orderId: string };

const need = (req: OrderRef): string => {
  const violations: Violation[] = [];
  requireField('order_id', req.orderId, violations);
  failIfAny(violations);
  return req.orderId;
};

/** What a volunteer does with an offer and a task: only their own (or their team's, as its leader). */
export const taskHandlers = (app: DispatchApplication) => {
  const { engine, tasks, teams } = app;

  const acceptOffer = async (req: OrderRef, call: CallContext) => {
    const state = await engine.loadOrder(need(req));
    const assignee = await assertHolder(call.principal, state, state.offer?.assignee, teams);
    await tasks.accept(req.orderId, assignee, ctxOf(call, volunteer));
    return orderFromState(await engine.loadOrder(req.orderId));
  };

  const declineOffer = async (req: OrderRef & { reason: string }, call: CallContext) => {
    const state = await engine.loadOrder(need(req));
    const assignee = await assertHolder(call.principal, state, state.offer?.assignee, teams);
    const outcome = await tasks.decline(req.orderId, assignee, req.reason, ctxOf(call, volunteer));
    return dispatchReply(await engine.loadOrder(req.orderId), outcome);
  };

  const startTask = async (req: OrderRef, call: CallContext) => {
    const state = await engine.loadOrder(need(req));
    const assignee = await assertHolder(call.principal, state, state.assignee, teams);
    await tasks.start(req.orderId, assignee, ctxOf(call, volunteer));
    return orderFromState(await engine.loadOrder(req.orderId));
  };

  /** The assignee reports the hours, or a dispatcher of the district does for them; credited once. */
  const completeTask = async (req: OrderRef & { actualHours: number }, call: CallContext) => {
    const violations: Violation[] = [];
    requireField('order_id', req.orderId, violations);
    checkHours('actual_hours', req.actualHours, violations, { min: 0.05 });
    failIfAny(violations);
    const state = await engine.loadOrder(req.orderId);
    const staff = hasRole(call.principal, dispatcher) && worksIn(call.principal, state.order.community);
    if (!staff)
      await assertHolder(call.principal, state, state.assignee ?? { kind: 'volunteer', id: '' }, teams).catch(() =>
        deny('only the assignee or a dispatcher of the district completes a task'),
      );
    const minutes = Math.round(req.actualHours * 60);
    await tasks.complete(req.orderId, minutes, ctxOf(call, staff ? dispatcher : volunteer));
    return orderFromState(await engine.loadOrder(req.orderId), minutes);
  };

  return {
    AcceptOffer: unary(acceptOffer, { roles: [volunteer] }),
    DeclineOffer: unary(declineOffer, { roles: [volunteer] }),
    StartTask: unary(startTask, { roles: [volunteer] }),
    CompleteTask: unary(completeTask, { roles: [volunteer, dispatcher] }),
  };
};
