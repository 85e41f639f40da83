import { unary, type CallContext } from '@carebridge/grpc-kit';
import type { DispatchApplication } from '../application/dispatchApplication';
import type { CommunityDirectory } from '../domain/communities';
import type { Violation } from '../domain/validation';
import { assertCovers, assertDistrict, ctxOf, deny, roleOf, ROLES, worksIn } from './access';
import { assertCanSee, placedByCaller } from './orderAccess';
import { failIfAny, placeOrderInput, requireField, type PlaceOrderRequest } from './requests';
import { dispatchReply, orderFromState } from './wire';

const { dispatcher, communityWorker, resident } = ROLES;
type OrderRef = { orderId: string };

const orderIdOf = (req: OrderRef): string => {
  failIfAny(req.orderId.trim() ? [] : [{ field: 'order_id', description: 'is required' }]);
  return req.orderId;
};

/** 点单 and 派单: placing, dispatching (automatic or a dispatcher's choice), cancelling, rating, reading an order. */
export const orderHandlers = (app: DispatchApplication, directory: CommunityDirectory) => {
  const { engine, tasks, teams } = app;

  const placeOrder = async (req: PlaceOrderRequest, call: CallContext) => {
    const input = placeOrderInput(req, call.principal, directory);
    // Every role, residents included: the order's community lies within the caller's division, before anything is read.
    assertCovers(call.principal, input.community);
    const { orderId, outcome } = await app.placeAndDispatch(input, ctxOf(call, roleOf(call.principal)));
    return dispatchReply(await engine.loadOrder(orderId), outcome);
  };

  const dispatchOrder = async (
    req: OrderRef & { assignee: { kind: string; id: string } | null },
    call: CallContext,
  ) => {
    const violations: Violation[] = [];
    requireField('order_id', req.orderId, violations);
    const manual = req.assignee && (req.assignee.kind || req.assignee.id) ? req.assignee : undefined;
    if (manual && manual.kind !== 'volunteer' && manual.kind !== 'team')
      violations.push({ field: 'assignee.kind', description: 'must be volunteer or team' });
    if (manual) requireField('assignee.id', manual.id, violations);
    failIfAny(violations);
    const state = await engine.loadOrder(req.orderId);
    assertDistrict(call.principal, state.order.community);
    const ctx = ctxOf(call, dispatcher);
    const outcome = manual
      ? await engine.assign(
          req.orderId,
          { kind: manual.kind as 'volunteer' | 'team', id: manual.id },
          call.principal.subject,
          ctx,
        )
      : await engine.dispatch(req.orderId, ctx);
    return dispatchReply(await engine.loadOrder(req.orderId), outcome);
  };

  const cancelOrder = async (req: OrderRef & { reason: string }, call: CallContext) => {
    const violations: Violation[] = [];
    requireField('order_id', req.orderId, violations);
    requireField('reason', req.reason, violations);
    failIfAny(violations);
    const state = await engine.loadOrder(req.orderId);
    if (!worksIn(call.principal, state.order.community) && !placedByCaller(call.principal, state))
      deny('only the requester or staff of the district cancel an order');
    await tasks.cancel(req.orderId, req.reason, call.principal.subject, ctxOf(call, roleOf(call.principal)));
    return orderFromState(await engine.loadOrder(req.orderId));
  };

  const giveFeedback = async (req: OrderRef & { rating: number; comment: string }, call: CallContext) => {
    const violations: Violation[] = [];
    requireField('order_id', req.orderId, violations);
    if (!Number.isInteger(req.rating) || req.rating < 1 || req.rating > 5)
      violations.push({ field: 'rating', description: 'must be a whole number from 1 to 5' });
    failIfAny(violations);
    const state = await engine.loadOrder(req.orderId);
    if (!placedByCaller(call.principal, state) && !worksIn(call.principal, state.order.community))
      deny('feedback comes from the requester or staff of the district');
    await tasks.feedback(req.orderId, req.rating, req.comment || undefined, ctxOf(call, roleOf(call.principal)));
    return orderFromState(await engine.loadOrder(req.orderId));
  };

  const getOrder = async (req: OrderRef, call: CallContext) => {
    const state = await engine.loadOrder(orderIdOf(req));
    await assertCanSee(call.principal, state, teams);
    return orderFromState(state);
  };

  return {
    PlaceOrder: unary(placeOrder, { roles: [resident, communityWorker, dispatcher] }),
    DispatchOrder: unary(dispatchOrder, { roles: [dispatcher] }),
    CancelOrder: unary(cancelOrder, { roles: [dispatcher, communityWorker, resident] }),
    GiveFeedback: unary(giveFeedback, { roles: [resident, communityWorker, dispatcher] }),
    GetOrder: unary(getOrder),
  };
};
