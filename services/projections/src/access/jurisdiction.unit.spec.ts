import type { JourneyDoc } from '../journey/journeyTypes';
import { seesJourney, seesReferral } from './jurisdiction';

const journey: JourneyDoc = {
  id: 'hotline:c1',
  origin: { programme: 'hotline', ref: 'c1' },
  hotline: { caseId: 'c1', province: '630000', prefecture: '630100', county: '630121' },
  relief: [{ applicationId: 'a1', city: '320300' }],
  referrals: [],
  personRefs: [],
  steps: [],
  startedAt: '2020-10-10T00:00:00Z',
  updatedAt: '2020-10-10T00:00:00Z',
};
const unassigned: JourneyDoc = {
  ...journey,
  hotline: { caseId: 'c2', province: '630000', prefecture: '630100' },
  relief: [],
};

describe("journey visibility follows the programmes' own rules", () => {
  it.each([
    ['the county handler of the case', ['hotline.handler'], '630121', true],
    ['a handler of another county', ['hotline.handler'], '630102', false],
    ['the prefecture operator', ['hotline.operator'], '630100', true],
    ['the provincial supervisor', ['hotline.supervisor'], '630000', true],
    ["another province's supervisor", ['hotline.supervisor'], '320000', false],
    ["the caseworker of the application's city", ['relief.caseworker'], '320300', true],
    ['a caseworker of a county inside that city', ['relief.caseworker'], '320311', true],
    ['a caseworker of another city', ['relief.caseworker'], '320800', false],
    ['the provincial federation', ['relief.provincial'], '320000', true],
    ['a role of no reading programme', ['dispatch.volunteer'], '630121', false],
  ])('%s: %s', (_who, roles, division, expected) => {
    expect(seesJourney({ roles, division }, journey)).toBe(expected);
  });

  it('a case not yet assigned sits at its prefecture: no county sees it', () => {
    expect(seesJourney({ roles: ['hotline.handler'], division: '630121' }, unassigned)).toBe(false);
    expect(seesJourney({ roles: ['hotline.operator'], division: '630100' }, unassigned)).toBe(true);
  });

  it('referral funnels count for readers whose division holds the referring case', () => {
    expect(seesReferral({ roles: ['hotline.operator'], division: '630100' }, '630121')).toBe(true);
    expect(seesReferral({ roles: ['hotline.operator'], division: '630200' }, '630121')).toBe(false);
    expect(seesReferral({ roles: ['dispatch.volunteer'], division: '630000' }, '630121')).toBe(false);
  });
});
