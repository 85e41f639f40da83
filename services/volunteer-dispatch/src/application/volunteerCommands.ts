import { createCommandHandler, NotFoundError, ValidationError, fold, omit, retryOnConflict } from '@carebridge/decider';
import { normaliseIdNumber } from '@carebridge/identity';
import type { WeeklySlot } from '../domain/availability';
import {
  availabilityViolations,
  checkCommunity,
  checkHours,
  checkSkills,
  registrationViolations,
  type RegistrationInput,
  type Violation,
} from '../domain/validation';
import { volunteerDecider, type VolunteerEvent } from '../domain/volunteer';
import { localWeek } from '../domain/time';
import type { Ctx, EngineDeps } from './context';
import { volunteerIdOf, volunteerStream } from './streams';

export const fail = (violations: Violation[]): void => {
  if (violations.length > 0) throw new ValidationError(violations);
};

/** Registration, profile, suspension and teams: validated in full before anything is appended. */
export const createVolunteerCommands = (deps: EngineDeps & { pseudonymKey: Buffer }) => {
  const { store, index, directory, clock } = deps;
  const volunteers = createCommandHandler(store, volunteerDecider);
  const now = () => clock().toISOString();
  const onVolunteer = async (volunteerId: string, command: Parameters<typeof volunteers>[1], ctx: Ctx) => {
    const stream = volunteerStream(volunteerId);
    const handled = await retryOnConflict(() => volunteers(stream, command, ctx));
    handled.events.forEach((e, i) => index.apply(stream, e, handled.result.fromVersion + i));
    return handled;
  };
  const loadVolunteer = async (volunteerId: string) => {
    const state = fold(
      volunteerDecider,
      (await store.readStream(volunteerStream(volunteerId))) as unknown as VolunteerEvent[],
    );
    if (state.status === 'unregistered') throw new NotFoundError(`volunteer ${volunteerId} not found`);
    return state;
  };

  return {
    loadVolunteer,
    async register(input: RegistrationInput & { phone?: string }, ctx: Ctx): Promise<string> {
      fail(registrationViolations(input, directory));
      // Stored and pseudonymised in its normal form: a lower-case x or a stray space must not make a second volunteer.
      const idNumber = normaliseIdNumber(input.idNumber);
      const volunteerId = volunteerIdOf(idNumber, deps.pseudonymKey);
      await onVolunteer(
        volunteerId,
        {
          kind: 'register',
          volunteerId,
          name: input.name.trim(),
          idNumber,
          ...(input.phone ? { phone: input.phone } : {}),
          skills: [...new Set(input.skills)],
          homeCommunity: input.homeCommunity,
          servedCommunities: [...new Set(input.servedCommunities)].filter((c) => c !== input.homeCommunity),
          availability: input.availability,
          caps: {
            maxConcurrentTasks: input.maxConcurrentTasks,
            maxMinutesPerDay: Math.round(input.maxHoursPerDay * 60),
          },
          now: now(),
        },
        ctx,
      );
      return volunteerId;
    },
    async change(
      volunteerId: string,
      input: {
        skills?: string[];
        servedCommunities?: string[];
        availability?: WeeklySlot[];
        maxConcurrentTasks?: number;
        maxHoursPerDay?: number;
      },
      ctx: Ctx,
    ): Promise<void> {
      const violations: Violation[] = [];
      if (input.skills) checkSkills('skills', input.skills, violations);
      input.servedCommunities?.forEach((c, i) => checkCommunity(`served_communities[${i}]`, c, directory, violations));
      if (input.availability) violations.push(...availabilityViolations(input.availability));
      if (input.maxHoursPerDay !== undefined)
        checkHours('max_hours_per_day', input.maxHoursPerDay, violations, { min: 0.5 });
      fail(violations);
      const current = await loadVolunteer(volunteerId);
      const caps =
        input.maxConcurrentTasks !== undefined || input.maxHoursPerDay !== undefined
          ? {
              maxConcurrentTasks: input.maxConcurrentTasks ?? current.caps.maxConcurrentTasks,
              maxMinutesPerDay:
                input.maxHoursPerDay !== undefined
                  ? Math.round(input.maxHoursPerDay * 60)
                  : current.caps.maxMinutesPerDay,
            }
          : undefined;
      // The two limits as given become `caps`; the event carries caps, never the raw inputs.
      const profile = omit(input, 'maxConcurrentTasks', 'maxHoursPerDay');
      await onVolunteer(volunteerId, { kind: 'changeProfile', ...profile, ...(caps ? { caps } : {}), now: now() }, ctx);
    },
    suspend: (volunteerId: string, reason: string, ctx: Ctx) =>
      onVolunteer(volunteerId, { kind: 'suspend', reason, now: now() }, ctx).then(() => undefined),
    reactivate: (volunteerId: string, ctx: Ctx) =>
      onVolunteer(volunteerId, { kind: 'reactivate', now: now() }, ctx).then(() => undefined),
    /** Hours credited per week and in total, and what the volunteer holds now: read from their own ledger. */
    async hours(volunteerId: string) {
      const state = await loadVolunteer(volunteerId);
      const byWeek = new Map<string, number>();
      let total = 0;
      for (const c of state.ledger.credited.values()) {
        const week = localWeek(Date.parse(`${c.day}T12:00:00+08:00`));
        byWeek.set(week, (byWeek.get(week) ?? 0) + c.minutes);
        total += c.minutes;
      }
      return {
        totalMinutes: total,
        byWeek: [...byWeek].sort().map(([week, minutes]) => ({ week, minutes })),
        holdings: [...state.ledger.holdings.values()],
      };
    },
  };
};

export type VolunteerCommands = ReturnType<typeof createVolunteerCommands>;
