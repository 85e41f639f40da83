import { checkIdNumber } from '@carebridge/identity';
import { slotProblems, type WeeklySlot } from './availability';
import type { CommunityDirectory } from './communities';
import { needOf, urgencies } from './data/needs';
import { isSkill } from './data/skills';

/**
 * Input checks that need no state, only the rule data and the community directory. Every bad field is
 * named, all at once, so a desk clerk fixes the form in one go; nothing is stored while any remains.
 */
export type Violation = { readonly field: string; readonly description: string };

const MAX_HOURS = 24;

export const checkSkills = (field: string, values: readonly string[], out: Violation[]): void =>
  values.forEach((s, i) => {
    if (!isSkill(s)) out.push({ field: `${field}[${i}]`, description: `unknown skill "${s}"` });
  });

export const checkCommunity = (field: string, code: string, directory: CommunityDirectory, out: Violation[]): void => {
  if (!code) out.push({ field, description: 'is required' });
  else if (!directory.has(code)) out.push({ field, description: `community ${code} does not exist` });
};

export const checkHours = (field: string, hours: number, out: Violation[], { min = 0, required = true } = {}): void => {
  if (!Number.isFinite(hours)) {
    if (required) out.push({ field, description: 'is required' });
  } else if (hours < min)
    out.push({ field, description: hours < 0 ? 'must not be negative' : `must be at least ${min}` });
  else if (hours > MAX_HOURS) out.push({ field, description: `must be at most ${MAX_HOURS}` });
};

export type RegistrationInput = {
  name: string;
  idNumber: string;
  skills: string[];
  homeCommunity: string;
  servedCommunities: string[];
  availability: WeeklySlot[];
  maxConcurrentTasks: number;
  maxHoursPerDay: number;
};

export const registrationViolations = (input: RegistrationInput, directory: CommunityDirectory): Violation[] => {
  const out: Violation[] = [];
  if (!input.name.trim()) out.push({ field: 'name', description: 'is required (real-name registration)' });
  // The suite's one GB 11643 check: a volunteer's number is valid here exactly when it is in every programme.
  const idProblem = checkIdNumber(input.idNumber);
  if (idProblem) out.push({ field: 'id_number', description: idProblem });
  checkSkills('skills', input.skills, out);
  checkCommunity('home_community', input.homeCommunity, directory, out);
  input.servedCommunities.forEach((c, i) => checkCommunity(`served_communities[${i}]`, c, directory, out));
  out.push(...availabilityViolations(input.availability));
  if (!Number.isInteger(input.maxConcurrentTasks) || input.maxConcurrentTasks < 1 || input.maxConcurrentTasks > 20) {
    out.push({ field: 'max_concurrent_tasks', description: 'must be a whole number from 1 to 20' });
  }
  checkHours('max_hours_per_day', input.maxHoursPerDay, out, { min: 0.5 });
  return out;
};

export const availabilityViolations = (slots: readonly WeeklySlot[]): Violation[] =>
  slots.flatMap((slot, i) =>
    slotProblems(slot).map((p) => ({ field: `availability[${i}].${p.field}`, description: p.description })),
  );

export type OrderInput = {
  need: string;
  community: string;
  windowStart: string;
  windowEnd: string;
  urgency: string;
  requiredSkills: string[];
  /** NaN when not given: the need's usual time applies. */
  estimatedHours: number;
  requesterName: string;
};

const parseTime = (field: string, value: string, out: Violation[]): number | undefined => {
  const ms = Date.parse(value);
  if (!value) out.push({ field, description: 'is required' });
  else if (Number.isNaN(ms) || !/T\d{2}:\d{2}/.test(value))
    out.push({ field, description: 'must be an ISO 8601 date-time' });
  else return ms;
  return undefined;
};

export const orderViolations = (input: OrderInput, directory: CommunityDirectory): Violation[] => {
  const out: Violation[] = [];
  if (!needOf(input.need)) out.push({ field: 'need', description: `unknown need "${input.need}"` });
  checkCommunity('community', input.community, directory, out);
  const start = parseTime('window.start', input.windowStart, out);
  const end = parseTime('window.end', input.windowEnd, out);
  if (start !== undefined && end !== undefined && end <= start)
    out.push({ field: 'window.end', description: 'must be after window.start' });
  if (!(urgencies as readonly string[]).includes(input.urgency))
    out.push({ field: 'urgency', description: `must be one of ${urgencies.join(', ')}` });
  checkSkills('required_skills', input.requiredSkills, out);
  checkHours('estimated_hours', input.estimatedHours, out, { required: false });
  if (!input.requesterName.trim()) out.push({ field: 'requester.name', description: 'is required' });
  return out;
};
