import { unary, type CallContext } from '@carebridge/grpc-kit';
import type { DispatchApplication } from '../application/dispatchApplication';
import type { WeeklySlot } from '../domain/availability';
import type { CommunityDirectory } from '../domain/communities';
import type { Violation } from '../domain/validation';
import { assertCovers, covers, ctxOf, deny, hasRole, isSelf, roleOf, ROLES } from './access';
import { failIfAny, registrationInput, requireField, type RegisterVolunteerRequest } from './requests';
import { volunteerReply } from './wire';

const { dispatcher, communityWorker, volunteer } = ROLES;
type VolunteerRef = { volunteerId: string };
type UpdateRequest = VolunteerRef & {
  skills: string[];
  replaceSkills: boolean;
  servedCommunities: string[];
  replaceServedCommunities: boolean;
  availability: WeeklySlot[];
  replaceAvailability: boolean;
  maxConcurrentTasks?: number;
  maxHoursPerDay?: number;
};

const idOf = (req: VolunteerRef): string => {
  const violations: Violation[] = [];
  requireField('volunteer_id', req.volunteerId, violations);
  failIfAny(violations);
  return req.volunteerId;
};

/** Real-name registration, profile, suspension, hours: the volunteer themselves or staff of their home district. */
export const volunteerHandlers = (app: DispatchApplication, directory: CommunityDirectory) => {
  const { volunteers } = app;

  /**
   * Loads the volunteer the caller may act on: themselves, or (a dispatcher) one of their district; either way the
   * volunteer's home community must lie within the caller's division. Another volunteer is refused before anything
   * is read.
   */
  const accessible = async (volunteerId: string, call: CallContext, { self = true } = {}) => {
    const { principal } = call;
    const asSelf = self && isSelf(principal, volunteerId);
    const refuse = () =>
      deny(
        self
          ? 'volunteers see only themselves; dispatchers only their district'
          : 'only a dispatcher of the volunteer’s district may do this',
      );
    if (!asSelf && !hasRole(principal, dispatcher)) return refuse();
    const state = await volunteers.loadVolunteer(volunteerId);
    return covers(principal, state.homeCommunity) ? state : refuse();
  };

  const register = async (req: RegisterVolunteerRequest, call: CallContext) => {
    const input = registrationInput(req, directory);
    // Every role, a person registering themselves included: where the registration puts the volunteer (home and
    // served communities) lies within the caller's division, checked before anything is read or stored.
    assertCovers(call.principal, input.homeCommunity, ...input.servedCommunities);
    const volunteerId = await volunteers.register(input, ctxOf(call, roleOf(call.principal)));
    return volunteerReply(await volunteers.loadVolunteer(volunteerId));
  };

  const update = async (req: UpdateRequest, call: CallContext) => {
    await accessible(idOf(req), call);
    const given = <T>(list: T[], replace: boolean) => (replace || list.length > 0 ? list : undefined);
    const skills = given(req.skills, req.replaceSkills);
    const served = given(req.servedCommunities, req.replaceServedCommunities);
    // Served communities the change adds obey the same rule; unknown ones are left to validation (INVALID_ARGUMENT).
    assertCovers(call.principal, ...(served ?? []).filter((c) => directory.has(c)));
    const availability = given(req.availability, req.replaceAvailability);
    await volunteers.change(
      req.volunteerId,
      {
        ...(skills ? { skills } : {}),
        ...(served ? { servedCommunities: served } : {}),
        ...(availability
          ? { availability: availability.map((s) => ({ weekday: s.weekday, from: s.from, to: s.to })) }
          : {}),
        ...(req.maxConcurrentTasks !== undefined ? { maxConcurrentTasks: req.maxConcurrentTasks } : {}),
        ...(req.maxHoursPerDay !== undefined ? { maxHoursPerDay: req.maxHoursPerDay } : {}),
      },
      ctxOf(call, isSelf(call.principal, req.volunteerId) ? volunteer : dispatcher),
    );
    return volunteerReply(await volunteers.loadVolunteer(req.volunteerId));
  };

  const suspend = async (req: VolunteerRef & { reason: string }, call: CallContext) => {
    const violations: Violation[] = [];
    requireField('volunteer_id', req.volunteerId, violations);
    requireField('reason', req.reason, violations);
    failIfAny(violations);
    await accessible(req.volunteerId, call, { self: false });
    await volunteers.suspend(req.volunteerId, req.reason, ctxOf(call, dispatcher));
    return volunteerReply(await volunteers.loadVolunteer(req.volunteerId));
  };

  const reactivate = async (req: VolunteerRef, call: CallContext) => {
    await accessible(idOf(req), call, { self: false });
    await volunteers.reactivate(req.volunteerId, ctxOf(call, dispatcher));
    return volunteerReply(await volunteers.loadVolunteer(req.volunteerId));
  };

  const hours = async (req: VolunteerRef, call: CallContext) => {
    await accessible(idOf(req), call);
    const { totalMinutes, byWeek, holdings } = await volunteers.hours(req.volunteerId);
    const now = app.clock().getTime();
    return {
      volunteerId: req.volunteerId,
      totalHours: Math.round((totalMinutes / 60) * 100) / 100,
      weeks: byWeek.map((w) => ({ week: w.week, hours: Math.round((w.minutes / 60) * 100) / 100 })),
      liveTasks: holdings.filter((h) => h.confirmed || h.holdUntil > now).length,
    };
  };

  const get = async (req: VolunteerRef, call: CallContext) => volunteerReply(await accessible(idOf(req), call));

  return {
    RegisterVolunteer: unary(register, { roles: [dispatcher, communityWorker, volunteer] }),
    UpdateVolunteer: unary(update, { roles: [dispatcher, volunteer] }),
    SuspendVolunteer: unary(suspend, { roles: [dispatcher] }),
    ReactivateVolunteer: unary(reactivate, { roles: [dispatcher] }),
    GetVolunteerHours: unary(hours, { roles: [dispatcher, volunteer] }),
    GetVolunteer: unary(get, { roles: [dispatcher, volunteer] }),
  };
};
