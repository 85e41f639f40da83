import { checkIdNumber } from '@carebridge/identity';
import type { Jurisdictions, Scope } from './jurisdictions';
import { caseTypes, channels, isOneOf, urgencies, type CaseType, type Channel, type Urgency } from './vocabulary';

/** A contact as the API hands it in, before any check. */
export type ContactInput = {
  readonly channel: string;
  readonly caller: {
    readonly name?: string;
    readonly phone?: string;
    readonly relation: string;
    readonly anonymous?: boolean;
  };
  readonly child: {
    readonly childRef?: string;
    readonly name: string;
    readonly age?: number;
    readonly birthDate?: string;
    readonly idNumber?: string;
    readonly locationDivision: string;
    readonly locationDetail?: string;
  };
  readonly caseType: string;
  readonly urgency: string;
  readonly narrative: string;
  readonly receivedAt: string;
};

export type ValidContact = ContactInput & {
  readonly channel: Channel;
  readonly caseType: CaseType;
  readonly urgency: Urgency;
  readonly scope: Scope;
};

export type Violation = { readonly field: string; readonly description: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const ageAt = (birthDate: string, at: string): number => {
  const born = new Date(`${birthDate}T00:00:00Z`);
  const now = new Date(at);
  const beforeBirthday =
    now.getUTCMonth() < born.getUTCMonth() ||
    (now.getUTCMonth() === born.getUTCMonth() && now.getUTCDate() < born.getUTCDate());
  return now.getUTCFullYear() - born.getUTCFullYear() - (beforeBirthday ? 1 : 0);
};

/** Every problem with a contact at once, each naming its field; an empty list means it may be recorded. */
export const validateContact = (input: ContactInput, jurisdictions: Jurisdictions): Violation[] => {
  const v: Violation[] = [];
  const add = (field: string, description: string) => v.push({ field, description });
  if (!isOneOf(channels, input.channel)) add('channel', `must be one of ${channels.join(', ')}`);
  if (!input.caller?.relation?.trim()) add('caller.relation', "is required (the caller's relation to the child)");
  if (!input.caller?.anonymous && !input.caller?.phone?.trim() && !input.caller?.name?.trim()) {
    add('caller', 'needs a name or phone unless the caller is anonymous');
  }
  const child = input.child ?? ({} as ContactInput['child']);
  if (!child.name?.trim()) add('child.name', 'is required (a description such as "unknown boy" is accepted)');
  if (child.age === undefined && !child.birthDate) add('child.age', 'give the age or the birth date');
  if (child.age !== undefined && (!Number.isInteger(child.age) || child.age < 0 || child.age > 17)) {
    add('child.age', 'must be a whole number from 0 to 17');
  }
  if (child.birthDate !== undefined) {
    if (!DATE.test(child.birthDate) || Number.isNaN(Date.parse(child.birthDate)))
      add('child.birthDate', 'must be a date YYYY-MM-DD');
    else {
      const age = ageAt(child.birthDate, input.receivedAt);
      if (age < 0 || age > 17) add('child.birthDate', 'must make the child 0 to 17 years old');
    }
  }
  // The suite's one GB 11643 check: a number that fails it is a typo, not a child, in every programme alike.
  if (child.idNumber !== undefined && child.idNumber !== '') {
    const idProblem = checkIdNumber(child.idNumber);
    if (idProblem) add('child.idNumber', idProblem);
  }
  if (!/^[1-9][0-9]{5}$/.test(child.locationDivision ?? ''))
    add('child.locationDivision', 'must be a six-digit GB/T 2260 code');
  else if (!jurisdictions.scopeOf(child.locationDivision)) {
    add('child.locationDivision', 'is outside the jurisdiction of this hotline (not a prefecture or county it serves)');
  }
  if (!isOneOf(caseTypes, input.caseType)) add('caseType', `must be one of ${caseTypes.join(', ')}`);
  if (!isOneOf(urgencies, input.urgency)) add('urgency', `must be one of ${urgencies.join(', ')}`);
  if (!input.narrative?.trim()) add('narrative', 'must not be empty');
  else if (input.narrative.length > 4000) add('narrative', 'must be at most 4000 characters');
  if (!input.receivedAt || Number.isNaN(Date.parse(input.receivedAt))) add('receivedAt', 'must be a timestamp');
  return v;
};

export const asValidContact = (input: ContactInput, jurisdictions: Jurisdictions): ValidContact | Violation[] => {
  const violations = validateContact(input, jurisdictions);
  if (violations.length > 0) return violations;
  return { ...input, scope: jurisdictions.scopeOf(input.child.locationDivision)! } as ValidContact;
};
