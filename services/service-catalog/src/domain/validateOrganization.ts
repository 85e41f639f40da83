import { byCode } from '@carebridge/divisions';
import { creditCodeProblem } from './creditCode';
import { townOf } from './geography';
import type { OrganizationProfile, Violation } from './types';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const required = (out: Violation[], field: string, value: string | undefined, max: number) => {
  const v = value?.trim() ?? '';
  if (v === '') out.push({ field, description: 'is required' });
  else if (v.length > max) out.push({ field, description: `must be at most ${max} characters` });
};

/** Every problem of an organisation's profile (all fields given: registration, or the merged result of an update). */
export const validateOrganizationProfile = (profile: OrganizationProfile, county: string): Violation[] => {
  const out: Violation[] = [];
  required(out, 'name', profile.name, 200);
  if (profile.nameEn !== undefined && profile.nameEn.length > 300)
    out.push({ field: 'name_en', description: 'must be at most 300 characters' });
  required(out, 'registration_authority', profile.registrationAuthority, 200);
  required(out, 'charter_scope', profile.charterScope, 4000);
  if (profile.serviceTowns.length === 0)
    out.push({ field: 'service_towns', description: 'name at least one town or street the organisation serves' });
  profile.serviceTowns.forEach((code, i) => {
    const town = townOf(code);
    if (!town) out.push({ field: `service_towns[${i}]`, description: `${code} is not a known town or street code` });
    else if (town.county !== county)
      out.push({ field: `service_towns[${i}]`, description: `${town.name} (${code}) is not in county ${county}` });
  });
  if (profile.contact.email && !EMAIL.test(profile.contact.email))
    out.push({ field: 'contact.email', description: 'is not an email address' });
  profile.staff.forEach((s, i) => {
    if (s.trim() === '' || s.length > 200)
      out.push({ field: `staff[${i}]`, description: 'must be an account id of 1-200 characters' });
  });
  return out;
};

export const validateRegistration = (creditCode: string, county: string, profile: OrganizationProfile): Violation[] => {
  const out: Violation[] = [];
  const problem = creditCodeProblem(creditCode);
  if (problem) out.push({ field: 'credit_code', description: problem });
  const division = byCode(county);
  if (!/^\d{6}$/.test(county) || division?.level !== 'county')
    out.push({ field: 'county', description: `${county || '(empty)'} is not a GB/T 2260 county code` });
  return [...out, ...validateOrganizationProfile(profile, county)];
};
