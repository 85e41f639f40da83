import { levelsDue } from '@carebridge/deadlines';
import { offerDeadline, offerDeadlineTable, offerExpiresAt, offerTimeoutsFrom } from './offerDeadlines';

describe('offer confirmation deadlines', () => {
  test('every figure is a deployment default with its reason', () => {
    for (const { provenance } of Object.values(offerDeadlineTable.rules)) {
      expect(provenance.source).toBe('deployment-default');
      expect(provenance.source === 'deployment-default' && provenance.reason).toContain('点单派单');
    }
  });

  test('the operator shortens a critical offer by environment; the others keep their defaults', () => {
    const timeouts = offerTimeoutsFrom({ DEADLINE_DISPATCH_OFFER_CONFIRMATION_CRITICAL_MINUTES: '2' });
    expect(timeouts).toEqual({ routine: 60, urgent: 15, critical: 2 });
    expect(offerExpiresAt(timeouts, 'critical', '2020-02-17T08:00:00.000Z')).toBe('2020-02-17T08:02:00.000Z');
  });

  test('an offer lapses once, just after its expiry', () => {
    const deadline = offerDeadline('2020-02-17T08:05:00.000Z');
    expect(levelsDue(deadline, [], '2020-02-17T08:05:00.000Z')).toEqual([]);
    expect(levelsDue(deadline, [], '2020-02-17T08:05:00.001Z')).toEqual(['lapsed']);
    expect(levelsDue(deadline, ['lapsed'], '2020-02-17T09:00:00.000Z')).toEqual([]);
  });
});
