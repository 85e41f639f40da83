import { PermissionDeniedError } from '@carebridge/decider';
import { assertOfficer, assertStaff, assertStaffOrOfficer, ROLES, sourceKindOf } from './access';
import { DEQING, ORG_ID } from './testing/fixtures';

const officer = (division: string) => ({ subject: 'o-1', roles: [ROLES.officer], division });
const staff = (subject: string) => ({ subject, roles: [ROLES.orgStaff], division: DEQING });
const org = { organizationId: ORG_ID, county: DEQING, staff: ['staff-1'] };

describe('catalog access', () => {
  it.each([
    ['the county officer', officer(DEQING), true],
    ['the prefecture officer (湖州)', officer('330500'), true],
    ['the officer of a neighbouring county (长兴)', officer('330522'), false],
    ['an officer of another province', officer('320000'), false],
    ['a staff member', staff('staff-1'), false],
  ])('%s publishes in Deqing: %s', (_who, actor, allowed) => {
    const run = () => assertOfficer(actor, DEQING, 'publishing');
    if (allowed) expect(run).not.toThrow();
    else expect(run).toThrow(PermissionDeniedError);
  });

  it('staff act only for their own organisation', () => {
    expect(() => assertStaff(staff('staff-1'), org, 'drafting')).not.toThrow();
    expect(() => assertStaff(staff('staff-2'), org, 'drafting')).toThrow(/staff of organisation/);
    expect(() => assertStaff({ ...officer(DEQING), subject: 'staff-1' }, org, 'drafting')).toThrow(
      PermissionDeniedError,
    );
  });

  it('withdrawal is for the staff or the officer', () => {
    expect(() => assertStaffOrOfficer(officer(DEQING), org, 'withdrawing')).not.toThrow();
    expect(() => assertStaffOrOfficer(staff('staff-9'), org, 'withdrawing')).toThrow(PermissionDeniedError);
  });

  it('who may request', () => {
    expect(sourceKindOf({ subject: 'r', roles: [ROLES.resident], division: DEQING })).toBe('resident');
    expect(sourceKindOf({ subject: 'a', roles: [ROLES.agency, ROLES.resident], division: DEQING })).toBe('agency');
    expect(() => sourceKindOf(staff('staff-1'))).toThrow(PermissionDeniedError);
  });
});
