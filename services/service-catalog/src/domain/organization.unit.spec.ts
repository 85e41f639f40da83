import { DomainRuleError, ValidationError } from '@carebridge/decider';
import { DeciderSpecification } from '@carebridge/decider/testing';
import { organizationDecider, type OrganizationEvent } from './organization';
import { AT, creditCode, DEQING, ORG_ID, profile, XINSHI } from './testing/fixtures';

const spec = DeciderSpecification.for(organizationDecider);
const CODE = creditCode();
const registered: OrganizationEvent = {
  type: 'catalog.OrganizationRegistered',
  data: { organizationId: ORG_ID, creditCode: CODE, county: DEQING, ...profile(), registeredAt: AT },
};
const register = (overrides: { creditCode?: string; county?: string } = {}, p = profile()) => ({
  type: 'Register' as const,
  organizationId: ORG_ID,
  creditCode: overrides.creditCode ?? CODE,
  county: overrides.county ?? DEQING,
  profile: p,
  at: AT,
});

describe('organisation decider', () => {
  it('registers an organisation under a valid credit code', () => spec.given([]).when(register()).then([registered]));

  it('refuses a second registration of the same code', () =>
    spec
      .given([registered])
      .when(register())
      .thenThrows(DomainRuleError, /already registered/));

  it.each([
    [
      'a wrong check character',
      { creditCode: CODE.slice(0, 17) + (CODE[17] === '0' ? '1' : '0') },
      /credit_code: check character/,
    ],
    ['a code of 17 characters', { creditCode: CODE.slice(0, 17) }, /credit_code: must be 18 characters/],
    ['a prefecture instead of a county', { county: '330500' }, /county: 330500 is not a GB\/T 2260 county code/],
  ])('rejects %s', (_what, overrides, message) =>
    spec.given([]).when(register(overrides)).thenThrows(ValidationError, message),
  );

  it('names every bad field at once', () => {
    const run = () =>
      organizationDecider.decide(
        register({ creditCode: 'X' }, profile({ name: '', serviceTowns: ['110101001'] })),
        organizationDecider.initialState(),
      );
    expect(run).toThrow(ValidationError);
    try {
      run();
    } catch (e) {
      expect((e as ValidationError).violations.map((v) => v.field)).toEqual([
        'credit_code',
        'name',
        'service_towns[0]',
      ]);
    }
  });

  it('updates only the given fields, validating the result', () =>
    spec
      .given([registered])
      .when({ type: 'Update', changes: { serviceTowns: [XINSHI], name: undefined }, at: AT })
      .then([
        {
          type: 'catalog.OrganizationUpdated',
          data: { organizationId: ORG_ID, serviceTowns: [XINSHI], updatedAt: AT },
        },
      ]));

  it('refuses towns of another county on update', () =>
    spec
      .given([registered])
      .when({ type: 'Update', changes: { serviceTowns: ['110101001'] }, at: AT })
      .thenThrows(ValidationError, /service_towns\[0\]/));

  it('deregisters once; a second time changes nothing; then no updates', () => {
    const gone: OrganizationEvent = {
      type: 'catalog.OrganizationDeregistered',
      data: { organizationId: ORG_ID, reason: '注销登记', at: AT },
    };
    spec.given([registered]).when({ type: 'Deregister', reason: '注销登记', at: AT }).then([gone]);
    spec.given([registered, gone]).when({ type: 'Deregister', reason: '注销登记', at: AT }).thenNothingHappened();
    spec
      .given([registered, gone])
      .when({ type: 'Update', changes: { name: '新名称' }, at: AT })
      .thenThrows(DomainRuleError, /deregistered/);
  });
});
