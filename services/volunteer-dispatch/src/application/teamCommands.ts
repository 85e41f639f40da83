import { createCommandHandler, fold, NotFoundError, retryOnConflict } from '@carebridge/decider';
import { checkCommunity, checkHours, checkSkills, type Violation } from '../domain/validation';
import { teamDecider } from '../domain/team';
import type { Ctx, EngineDeps } from './context';
import { teamStream } from './streams';
import { fail } from './volunteerCommands';

/** Volunteer teams: formed from registered volunteers, led by one of them. */
export const createTeamCommands = (deps: EngineDeps) => {
  const { store, index, directory, clock } = deps;
  const teams = createCommandHandler(store, teamDecider);
  const now = () => clock().toISOString();
  return {
    async formTeam(
      input: {
        teamId: string;
        name: string;
        leaderId: string;
        memberIds: string[];
        homeCommunity: string;
        servedCommunities: string[];
        skills: string[];
        maxConcurrentTasks: number;
        maxHoursPerDay: number;
      },
      ctx: Ctx,
    ): Promise<void> {
      const violations: Violation[] = [];
      if (!input.teamId.trim()) violations.push({ field: 'team_id', description: 'is required' });
      if (!input.name.trim()) violations.push({ field: 'name', description: 'is required' });
      checkCommunity('home_community', input.homeCommunity, directory, violations);
      input.servedCommunities.forEach((c, i) => checkCommunity(`served_communities[${i}]`, c, directory, violations));
      checkSkills('skills', input.skills, violations);
      checkHours('max_hours_per_day', input.maxHoursPerDay, violations, { min: 0.5 });
      if (
        !Number.isInteger(input.maxConcurrentTasks) ||
        input.maxConcurrentTasks < 1 ||
        input.maxConcurrentTasks > 20
      ) {
        violations.push({ field: 'max_concurrent_tasks', description: 'must be a whole number from 1 to 20' });
      }
      [input.leaderId, ...input.memberIds].forEach((id, i) => {
        if (!index.get(id))
          violations.push({
            field: i === 0 ? 'leader_id' : `member_ids[${i - 1}]`,
            description: `volunteer ${id} is not registered`,
          });
      });
      fail(violations);
      await retryOnConflict(() =>
        teams(
          teamStream(input.teamId),
          {
            kind: 'form',
            teamId: input.teamId,
            name: input.name,
            leaderId: input.leaderId,
            memberIds: input.memberIds,
            homeCommunity: input.homeCommunity,
            servedCommunities: input.servedCommunities,
            skills: input.skills,
            caps: {
              maxConcurrentTasks: input.maxConcurrentTasks,
              maxMinutesPerDay: Math.round(input.maxHoursPerDay * 60),
            },
            now: now(),
          },
          ctx,
        ),
      );
    },
    async changeTeamMembers(teamId: string, leaderId: string, memberIds: string[], ctx: Ctx): Promise<void> {
      const violations: Violation[] = [];
      [leaderId, ...memberIds].forEach((id, i) => {
        if (!index.get(id))
          violations.push({
            field: i === 0 ? 'leader_id' : `member_ids[${i - 1}]`,
            description: `volunteer ${id} is not registered`,
          });
      });
      fail(violations);
      await retryOnConflict(() =>
        teams(teamStream(teamId), { kind: 'changeMembers', leaderId, memberIds, now: now() }, ctx),
      );
    },
    async loadTeam(teamId: string) {
      const state = fold(teamDecider, (await store.readStream(teamStream(teamId))) as never);
      if (state.status === 'none') throw new NotFoundError(`team ${teamId} not found`);
      return state;
    },
  };
};

export type TeamCommands = ReturnType<typeof createTeamCommands>;
