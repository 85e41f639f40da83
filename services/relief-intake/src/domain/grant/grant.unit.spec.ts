import { DomainRuleError } from '@carebridge/decider';
import { DeciderSpecification } from '@carebridge/decider/testing';
import { grantDecider, type GrantEvent } from './grant';

const spec = DeciderSpecification.for(grantDecider);
const key = {
  programmeId: 'jiangsu-2020',
  standard: 'major_illness' as const,
  personRef: 'p-1',
  at: '2020-09-01T00:00:00.000Z',
};
const claimed = (applicationId: string): GrantEvent => ({
  type: 'relief.GrantClaimed',
  data: { ...key, applicationId },
});
const released = (applicationId: string): GrantEvent => ({
  type: 'relief.GrantReleased',
  data: { ...key, applicationId, reason: 'rejected' },
});

describe('one grant per person, standard and programme', () => {
  it.each([
    ['first claim', [], 'a1', [claimed('a1')]],
    ['the same application again', [claimed('a1')], 'a1', []],
    ['after a release, another application', [claimed('a1'), released('a1')], 'a2', [claimed('a2')]],
  ] as const)('%s', (_label, given, applicationId, expected) => {
    spec
      .given([...given])
      .when({ type: 'Claim', ...key, applicationId })
      .then([...expected]);
  });

  it('a second application of the same person is refused', () => {
    spec
      .given([claimed('a1')])
      .when({ type: 'Claim', ...key, applicationId: 'a2' })
      .thenThrows(DomainRuleError, /already received this standard \(application a1\)/);
  });

  it('only the holder can release', () => {
    spec
      .given([claimed('a1')])
      .when({ type: 'Release', ...key, applicationId: 'a2', reason: 'withdrawn' })
      .thenNothingHappened();
    spec
      .given([claimed('a1')])
      .when({ type: 'Release', ...key, applicationId: 'a1', reason: 'rejected' })
      .then([released('a1')]);
  });
});
