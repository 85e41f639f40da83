import { ValidationError } from '@carebridge/decider';
import type { Principal } from '@carebridge/grpc-kit';
import { normaliseIdNumber } from '@carebridge/identity';
import type { PlaceOrderInput } from '../application/orderCommands';
import type { WeeklySlot } from '../domain/availability';
import type { CommunityDirectory } from '../domain/communities';
import { defaultCaps } from '../domain/data/needs';
import { orderViolations, registrationViolations, type RegistrationInput, type Violation } from '../domain/validation';
import { hasRole, ROLES } from './access';
import { fromTimestamp, type Timestamp } from './wire';

/** Request shapes as the shared proto loader gives them (lowerCamel fields, absent messages as null). */
export type PlaceOrderRequest = {
  need: string;
  community: string;
  window: { start: Timestamp | null; end: Timestamp | null } | null;
  urgency: string;
  requiredSkills: string[];
  estimatedHours?: number;
  requester: { personRef: string; name: string; phone: string; address: string } | null;
  note: string;
  menuItemId: string;
  source: string;
};

export type RegisterVolunteerRequest = {
  name: string;
  idNumber: string;
  phone: string;
  skills: string[];
  homeCommunity: string;
  servedCommunities: string[];
  availability: WeeklySlot[];
  maxConcurrentTasks: number;
  maxHoursPerDay: number;
};

export const failIfAny = (violations: readonly Violation[]): void => {
  if (violations.length > 0) throw new ValidationError([...violations]);
};

const sources = ['resident', 'community_worker'] as const;

/** A PlaceOrderRequest as the application takes it; every bad field is named before anything else happens. */
export const placeOrderInput = (
  req: PlaceOrderRequest,
  principal: Principal,
  directory: CommunityDirectory,
): PlaceOrderInput => {
  const requester = req.requester ?? { personRef: '', name: '', phone: '', address: '' };
  const source = req.source || (hasRole(principal, ROLES.resident) ? 'resident' : 'community_worker');
  const input: PlaceOrderInput = {
    need: req.need,
    community: req.community,
    windowStart: fromTimestamp(req.window?.start),
    windowEnd: fromTimestamp(req.window?.end),
    urgency: req.urgency || 'routine',
    requiredSkills: req.requiredSkills,
    // NaN: not given, the need's (or menu item's) usual time applies.
    estimatedHours: req.estimatedHours ?? Number.NaN,
    requesterName: requester.name,
    source: { kind: source as (typeof sources)[number] },
    requester: {
      name: requester.name,
      ...(requester.personRef ? { personRef: requester.personRef } : {}),
      ...(requester.phone ? { phone: requester.phone } : {}),
      ...(requester.address ? { address: requester.address } : {}),
    },
    ...(req.note ? { note: req.note } : {}),
    ...(req.menuItemId ? { menuItemId: req.menuItemId } : {}),
    placedBy: principal.subject,
  };
  const violations = orderViolations(input, directory);
  if (!(sources as readonly string[]).includes(source))
    violations.push({ field: 'source', description: `must be one of ${sources.join(', ')}` });
  failIfAny(violations);
  return input;
};

/** Caps left at zero take the usual ones (two tasks at once, eight hours a day); negatives are refused. */
export const registrationInput = (
  req: RegisterVolunteerRequest,
  directory: CommunityDirectory,
): RegistrationInput & { phone?: string } => {
  const input = {
    name: req.name,
    // The normal form is what is stored and what the volunteer id is derived from: one person, one volunteer.
    idNumber: normaliseIdNumber(req.idNumber),
    ...(req.phone ? { phone: req.phone } : {}),
    skills: req.skills,
    homeCommunity: req.homeCommunity,
    servedCommunities: req.servedCommunities,
    availability: req.availability.map((s) => ({ weekday: s.weekday, from: s.from, to: s.to })),
    maxConcurrentTasks: req.maxConcurrentTasks === 0 ? defaultCaps.maxConcurrentTasks : req.maxConcurrentTasks,
    maxHoursPerDay: req.maxHoursPerDay === 0 ? defaultCaps.maxMinutesPerDay / 60 : req.maxHoursPerDay,
  };
  failIfAny(registrationViolations(input, directory));
  return input;
};

export const requireField = (field: string, value: string, out: Violation[]): void => {
  if (!value.trim()) out.push({ field, description: 'is required' });
};
