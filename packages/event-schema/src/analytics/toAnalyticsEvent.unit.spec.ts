import { publishedSchemaValidator } from '../__fixtures__/ajv.fixture';
import { Type } from '@sinclair/typebox';
import { allEvents, eventRegistry } from '../events';
import { locateField } from '../fieldLocations';
import { clearSchemaOf } from '../publication/publishedSchema';
import { sampleInstances } from '../compatibility/sampleInstance';
import { analyticsSchemaOf } from './analyticsSchema';
import { ageBandOf, pseudonymOf, toAnalyticsEvent } from './toAnalyticsEvent';
import { createEventRegistry } from '../registry';
import { defineEvent } from '../defineEvent';
import { personal } from '../personal';

const pseudonymKey = Buffer.alloc(32, 7);
const ajv = publishedSchemaValidator();
const markerFor = (path: string) => `MARK${path.replace(/[^A-Za-z0-9]/g, '')}Z`;

/** Sample data whose every free personal string is a marker; formatted ones (ids, dates) are unique by sampling. */
const samplesOf = (type: string, registry = eventRegistry) => {
  const definition = registry.latest(type)!;
  const personalPaths = new Set(registry.personalPaths(type));
  return sampleInstances(clearSchemaOf(definition), 6, (path, node) => {
    if (!personalPaths.has(path) || node.pattern || node.format) return undefined;
    const marker = markerFor(path);
    return marker.length <= Number(node.maxLength ?? Infinity) ? marker : undefined;
  });
};

describe('toAnalyticsEvent', () => {
  const types = [...new Set(allEvents.map((d) => d.type))];

  it.each(types)('%s: no personal value survives, and the result fits the analytics schema', (type) => {
    const definition = eventRegistry.latest(type)!;
    const fits = ajv.compile(analyticsSchemaOf(definition));
    for (const data of samplesOf(type) as Record<string, unknown>[]) {
      expect(eventRegistry.validateClear(type, data)).toEqual([]);
      const markers = eventRegistry
        .personalFields(type)
        .flatMap((f) => locateField(data, f.path).map((at) => ({ kind: f.kind, value: at.value })))
        .filter((m) => m.kind !== 'age')
        .flatMap((m): unknown[] => (typeof m.value === 'object' ? Object.values(m.value ?? {}) : [m.value]))
        .map(String)
        .filter((m) => m.length >= 6);
      const out = JSON.stringify(
        toAnalyticsEvent({ type, data, actor: { subject: 'MARKactorZ', role: 'operator' } }, { pseudonymKey }),
      );
      for (const marker of [...markers, 'MARKactorZ']) expect(out).not.toContain(marker);
      expect(fits((JSON.parse(out) as { data: unknown }).data) ? [] : fits.errors).toEqual([]);
    }
  });

  it('pseudonymises ids with a keyed hash, coarsens divisions, birth dates and ages, drops the rest', () => {
    const Noted = defineEvent({
      type: 'test.ChildSeen',
      version: 1,
      topic: 'test.children.v1',
      description: 'Fixture',
      schema: Type.Object({
        childId: personal(Type.String(), 'child', 'identifier'),
        name: personal(Type.String(), 'child'),
        division: personal(Type.String({ pattern: '^[1-9][0-9]{5}$' }), 'child', 'division'),
        birthDate: personal(Type.String({ format: 'date' }), 'child', 'birthDate'),
        age: personal(Type.Integer(), 'child', 'age'),
        caseId: Type.String(),
      }),
    });
    const registry = createEventRegistry([Noted]);
    const data = {
      childId: '632123201205034567',
      name: 'Zhuoma',
      division: '632722',
      birthDate: '2012-05-03',
      age: 13,
      caseId: 'c-1',
    };
    const out = toAnalyticsEvent({ type: 'test.ChildSeen', data }, { pseudonymKey, registry });
    expect(out.data).toEqual({
      childId: pseudonymOf('632123201205034567', pseudonymKey),
      division: '6327',
      birthDate: 2012,
      age: '12-14',
      caseId: 'c-1',
    });
    expect(pseudonymOf('632123201205034567', pseudonymKey)).not.toBe(
      pseudonymOf('632123201205034567', Buffer.alloc(32, 8)),
    );
    expect(data.name).toBe('Zhuoma');
    expect([ageBandOf(0), ageBandOf(17), ageBandOf(18), ageBandOf(75)]).toEqual(['0-2', '15-17', '18-59', '60+']);
  });

  it('drops sealed personal values it cannot read, and refuses a short key', () => {
    const type = 'referral.Requested';
    const data = samplesOf(type)[0] as { person: Record<string, unknown> };
    data.person.name = { sealed: 'v1', kid: 'k', iv: 'i', ct: 'c', tag: 't' };
    expect(JSON.stringify(toAnalyticsEvent({ type, data }, { pseudonymKey }))).not.toContain('"sealed"');
    expect(() => toAnalyticsEvent({ type, data }, { pseudonymKey: 'short' })).toThrow(/pseudonymKey/);
  });
});
