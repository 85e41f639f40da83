import fc from 'fast-check';
import { DeadlineConfigError, deadlineEnvName, resolveDeadlines, type DeadlineTable } from './rules';

const table: DeadlineTable<'emergency.acceptance' | 'offerConfirmation.critical' | 'trial'> = {
  ruleVersion: 'demo/1',
  rules: {
    'emergency.acceptance': {
      minutes: 60,
      provenance: { source: 'deployment-default', reason: 'the notice gives none' },
    },
    'offerConfirmation.critical': { minutes: 5, provenance: { source: 'deployment-default', reason: 'short' } },
    trial: { minutes: 525_600, provenance: { source: 'seed', citation: '自2020年7月启动，试行一年' } },
  },
};

describe('deadline rules as data', () => {
  test('variable names: programme and rule in upper snake case', () => {
    expect(deadlineEnvName('hotline', 'emergency.acceptance')).toBe('DEADLINE_HOTLINE_EMERGENCY_ACCEPTANCE_MINUTES');
    expect(deadlineEnvName('volunteer-dispatch', 'offerConfirmation.critical')).toBe(
      'DEADLINE_VOLUNTEER_DISPATCH_OFFER_CONFIRMATION_CRITICAL_MINUTES',
    );
  });

  test('without overrides the published table is in force, version unchanged', () => {
    expect(resolveDeadlines('hotline', table, {})).toEqual(table);
  });

  test('a deployment default takes any whole number of minutes from its variable, which it then names', () =>
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (minutes) => {
        const resolved = resolveDeadlines('hotline', table, {
          DEADLINE_HOTLINE_EMERGENCY_ACCEPTANCE_MINUTES: String(minutes),
        });
        expect(resolved.rules['emergency.acceptance']).toEqual({
          minutes,
          provenance: {
            source: 'deployment-default',
            reason: 'the notice gives none',
            setBy: 'DEADLINE_HOTLINE_EMERGENCY_ACCEPTANCE_MINUTES',
          },
        });
        expect(resolved.rules['offerConfirmation.critical']).toBe(table.rules['offerConfirmation.critical']);
        expect(resolved.ruleVersion).toBe(`demo/1+env(emergency.acceptance=${minutes})`);
      }),
    ));

  test.each(['', '  '])('an empty variable (%j) leaves the default', (raw) => {
    expect(resolveDeadlines('hotline', table, { DEADLINE_HOTLINE_EMERGENCY_ACCEPTANCE_MINUTES: raw })).toEqual(table);
  });

  test.each(['-5', '1.5', 'ten', '60m', '1e3'])('a value that is not whole minutes (%s) is refused at start', (raw) => {
    expect(() => resolveDeadlines('hotline', table, { DEADLINE_HOTLINE_EMERGENCY_ACCEPTANCE_MINUTES: raw })).toThrow(
      DeadlineConfigError,
    );
  });

  test('a seed rule cannot be changed by environment', () => {
    expect(() => resolveDeadlines('hotline', table, { DEADLINE_HOTLINE_TRIAL_MINUTES: '10' })).toThrow(
      /seed rule .*试行一年/,
    );
  });

  test('every rule must say where it comes from', () => {
    const bare = { ruleVersion: 'x', rules: { a: { minutes: 1, provenance: { source: 'seed', citation: ' ' } } } };
    expect(() => resolveDeadlines('p', bare as DeadlineTable)).toThrow(/citation/);
  });
});
