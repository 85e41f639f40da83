import { defaultRetentionRule, retentionCutoff, retentionEnded, retentionRuleFrom, retentionTable } from './retention';

describe('retention of closed cases', () => {
  it('is a deployment default with its reason, not a figure of the notice', () => {
    const rule = retentionTable.rules['retention.closedCase'];
    expect(rule.provenance.source).toBe('deployment-default');
    expect(rule.provenance.source === 'deployment-default' && rule.provenance.reason).toMatch(/no retention period/);
    expect(defaultRetentionRule).toEqual({ ruleVersion: 'hotline-retention/1', closedCaseMinutes: 3 * 365 * 24 * 60 });
  });

  it('is set by the operator through DEADLINE_HOTLINE_RETENTION_CLOSED_CASE_MINUTES, shown in the rule version', () => {
    expect(retentionRuleFrom({ DEADLINE_HOTLINE_RETENTION_CLOSED_CASE_MINUTES: '1440' })).toEqual({
      ruleVersion: 'hotline-retention/1+env(retention.closedCase=1440)',
      closedCaseMinutes: 1440,
    });
    expect(() => retentionRuleFrom({ DEADLINE_HOTLINE_RETENTION_CLOSED_CASE_MINUTES: 'two years' })).toThrow(
      /whole number of minutes/,
    );
  });

  it('runs out strictly after the period, counted from closure', () => {
    expect(retentionEnded('2021-01-01T00:00:00.000Z', 60, '2021-01-01T01:00:00.000Z')).toBe(false);
    expect(retentionEnded('2021-01-01T00:00:00.000Z', 60, '2021-01-01T01:00:00.001Z')).toBe(true);
    expect(retentionCutoff({ ruleVersion: 'v', closedCaseMinutes: 60 }, new Date('2021-01-01T01:00:00.000Z'))).toBe(
      '2021-01-01T00:00:00.000Z',
    );
  });
});
