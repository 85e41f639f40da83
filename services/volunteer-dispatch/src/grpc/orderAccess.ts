import type { Principal } from '@carebridge/grpc-kit';
import type { OpenedOrder } from '../application/orderSteps';
import type { TeamCommands } from '../application/teamCommands';
import type { Assignee } from '../domain/order';
import { covers, deny, hasRole, ROLES, worksIn } from './access';

/** The volunteer (or the leader of the team) an offer or task belongs to. */
export const actsAs = async (
  principal: Principal,
  holder: Assignee | undefined,
  teams: Pick<TeamCommands, 'loadTeam'>,
): Promise<boolean> => {
  if (!holder || !hasRole(principal, ROLES.volunteer)) return false;
  if (holder.kind === 'volunteer') return holder.id === principal.subject;
  const team = await teams.loadTeam(holder.id).catch(() => undefined);
  return team?.status === 'formed' && team.leaderId === principal.subject;
};

/** Whoever placed the order, while its community lies within their division (the rule PlaceOrder applied). */
export const placedByCaller = (principal: Principal, state: OpenedOrder): boolean =>
  state.order.placedBy === principal.subject && covers(principal, state.order.community);

/**
 * Who may see an order: staff of its district, whoever placed it, and the volunteer it is offered to or held by.
 * Another volunteer's offers stay invisible (PERMISSION_DENIED, audited).
 */
export const assertCanSee = async (
  principal: Principal,
  state: OpenedOrder,
  teams: Pick<TeamCommands, 'loadTeam'>,
): Promise<void> => {
  if (worksIn(principal, state.order.community) || placedByCaller(principal, state)) return;
  if (await actsAs(principal, state.offer?.assignee ?? state.assignee, teams)) return;
  deny('this order is neither in your district, placed by you, nor offered to you');
};

/**
 * The assignee the caller answers for: the holder of the offer or task when it is them. With no holder at all the
 * decider answers (no open offer, FAILED_PRECONDITION), but only to a volunteer whose division covers the order's
 * community; anyone else, and everyone when someone else holds it, is refused before learning the order's state.
 */
export const assertHolder = async (
  principal: Principal,
  order: OpenedOrder,
  holder: Assignee | undefined,
  teams: Pick<TeamCommands, 'loadTeam'>,
): Promise<Assignee> => {
  if (holder && (await actsAs(principal, holder, teams))) return holder;
  if (!holder && hasRole(principal, ROLES.volunteer) && covers(principal, order.order.community))
    return { kind: 'volunteer', id: principal.subject };
  return deny('this offer or task is not yours');
};
