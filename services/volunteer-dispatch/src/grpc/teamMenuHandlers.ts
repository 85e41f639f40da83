import { assertJurisdiction, unary, type CallContext } from '@carebridge/grpc-kit';
import { exists as divisionExists } from '@carebridge/divisions';
import type { DispatchApplication } from '../application/dispatchApplication';
import type { Violation } from '../domain/validation';
import { assertCovers, assertDistrict, ctxOf, ROLES } from './access';
import { failIfAny, requireField } from './requests';

const { dispatcher } = ROLES;

type FormTeamRequest = {
  teamId: string;
  name: string;
  leaderId: string;
  memberIds: string[];
  homeCommunity: string;
  servedCommunities: string[];
  skills: string[];
  maxConcurrentTasks: number;
  maxHoursPerDay: number;
};
type MenuItemRequest = {
  itemId: string;
  kind: string;
  title: string;
  need: string;
  requiredSkills: string[];
  estimatedHours: number;
  division: string;
  teamId: string;
};
const menuKinds = ['project', 'course', 'activity'] as const;

const teamReply = (team: {
  teamId: string;
  name: string;
  leaderId: string;
  memberIds: readonly string[];
  homeCommunity: string;
}) => ({
  teamId: team.teamId,
  name: team.name,
  leaderId: team.leaderId,
  memberIds: [...team.memberIds],
  homeCommunity: team.homeCommunity,
});

/** Teams and the service menu: dispatchers of the district the team or item belongs to. */
export const teamMenuHandlers = (app: DispatchApplication) => {
  const { teams, orders } = app;

  const formTeam = async (req: FormTeamRequest, call: CallContext) => {
    // Field checks run in the application first; jurisdiction only once the community is known to exist. The
    // communities the team serves obey the same rule as its home.
    assertCovers(call.principal, ...[req.homeCommunity, ...req.servedCommunities].filter((c) => app.directory.has(c)));
    await teams.formTeam(req, ctxOf(call, dispatcher));
    return teamReply(await teams.loadTeam(req.teamId));
  };

  const changeMembers = async (req: { teamId: string; leaderId: string; memberIds: string[] }, call: CallContext) => {
    const violations: Violation[] = [];
    requireField('team_id', req.teamId, violations);
    requireField('leader_id', req.leaderId, violations);
    failIfAny(violations);
    assertDistrict(call.principal, (await teams.loadTeam(req.teamId)).homeCommunity);
    await teams.changeTeamMembers(req.teamId, req.leaderId, req.memberIds, ctxOf(call, dispatcher));
    return teamReply(await teams.loadTeam(req.teamId));
  };

  const menuReply = async (itemId: string) => {
    const state = await orders.loadMenuItem(itemId);
    const { item } = state;
    return { ...item, estimatedHours: item.estimatedMinutes / 60, teamId: item.teamId ?? '', status: state.status };
  };

  const publish = async (req: MenuItemRequest, call: CallContext) => {
    const kind = req.kind as (typeof menuKinds)[number];
    failIfAny(
      menuKinds.includes(kind) ? [] : [{ field: 'kind', description: `must be one of ${menuKinds.join(', ')}` }],
    );
    if (divisionExists(req.division)) assertJurisdiction(call.principal, req.division);
    // The request is a MenuItem message, whose `status` the service sets: only the fields a dispatcher gives go on.
    const { itemId, title, need, requiredSkills, estimatedHours, division, teamId } = req;
    await orders.publishMenuItem(
      { itemId, kind, title, need, requiredSkills, estimatedHours, division, ...(teamId ? { teamId } : {}) },
      ctxOf(call, dispatcher),
    );
    return menuReply(req.itemId);
  };

  const withdraw = async (req: { itemId: string }, call: CallContext) => {
    const violations: Violation[] = [];
    requireField('item_id', req.itemId, violations);
    failIfAny(violations);
    assertJurisdiction(call.principal, (await orders.loadMenuItem(req.itemId)).item.division);
    await orders.withdrawMenuItem(req.itemId, ctxOf(call, dispatcher));
    return menuReply(req.itemId);
  };

  return {
    FormTeam: unary(formTeam, { roles: [dispatcher] }),
    ChangeTeamMembers: unary(changeMembers, { roles: [dispatcher] }),
    PublishMenuItem: unary(publish, { roles: [dispatcher] }),
    WithdrawMenuItem: unary(withdraw, { roles: [dispatcher] }),
  };
};
