import { allEvents, eventRegistry } from '../events';
import { createEventRegistry } from '../registry';
import { brokenV2, CaseNotedV1, caseNotedChain } from '../__fixtures__/caseNoted.fixture';
import { checkBackwardTransitive } from './checkBackwardTransitive';

describe('BACKWARD_TRANSITIVE', () => {
  const types = [...new Set(allEvents.map((d) => d.type))];

  it.each(types)('%s: every older version, upcast, reads as the latest', (type) => {
    expect(checkBackwardTransitive(eventRegistry, type)).toEqual([]);
  });

  it('holds for a v1 → v2 → v3 chain whose upcasters default a new required field and rename another', () => {
    const registry = createEventRegistry(caseNotedChain);
    expect(checkBackwardTransitive(registry, 'test.CaseNoted')).toEqual([]);
    const { data } = registry.upcast('test.CaseNoted', 1, { caseId: 'c1', note: 'n', priority: 'low' });
    expect(data).toEqual({ caseId: 'c1', text: 'n', priority: 'low', channel: 'phone' });
  });

  it.each([
    ['required-added', 'channel'],
    ['enum-narrowed', 'priority'],
    ['bound-tightened', 'note'],
    ['type-narrowed', 'caseId'],
  ] as const)('fails on an incompatible change: %s', (change, path) => {
    const registry = createEventRegistry([CaseNotedV1, brokenV2(change)]);
    const issues = checkBackwardTransitive(registry, 'test.CaseNoted');
    const structural = issues.filter((i) => i.rule !== 'sample-rejected');
    const rule = {
      'required-added': 'required-added',
      'enum-narrowed': 'enum-value-removed',
      'bound-tightened': 'bound-tightened',
      'type-narrowed': 'type-narrowed',
    }[change];
    expect(structural).toEqual([expect.objectContaining({ path, rule, fromVersion: 1, toVersion: 2 })]);
    // The generated v1 samples catch it too, independently of the structural rules.
    expect(issues.some((i) => i.rule === 'sample-rejected' && i.path === path)).toBe(true);
  });
});
