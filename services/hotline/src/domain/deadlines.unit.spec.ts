import table from './rules/deadlines.json';
import { deadlineRulesFrom, defaultDeadlineRules } from './deadlines';

describe('hotline deadline rules', () => {
  test('every figure is marked a deployment default: the Qinghai notice sets 限时办理 without figures', () => {
    for (const { provenance } of Object.values(table.rules)) {
      expect(Object.keys(provenance).sort()).toEqual(['reason', 'source']);
      expect(provenance.source).toBe('deployment-default');
      expect(provenance.reason).toContain('限时办理');
    }
  });

  test('an operator override changes one figure and shows in the rule version cases record', () => {
    const rules = deadlineRulesFrom({ DEADLINE_HOTLINE_EMERGENCY_ACCEPTANCE_MINUTES: '30' });
    expect(rules.urgencies.emergency.acceptance).toEqual({ from: 'opened', owner: 'county', minutes: 30 });
    expect(rules.urgencies.urgent).toEqual(defaultDeadlineRules.urgencies.urgent);
    expect(rules.ruleVersion).toBe('qinghai-12349-deadlines/2020-11+env(emergency.acceptance=30)');
  });
});
