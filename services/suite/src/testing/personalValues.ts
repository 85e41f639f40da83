import { eventRegistry, locateField } from '@carebridge/event-schema';
import { createPersonalDataCipher } from '@carebridge/personal-data';
import type { RunningSuite } from './suiteOnEngines';

/** Only values this long count: a shorter one could match an unrelated field by chance. */
const MIN_LENGTH = 6;

const stringsIn = (value: unknown, into: Set<string>): void => {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsIn(v, into));
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach((v) => stringsIn(v, into));
};

/**
 * Every clear personal value the run's events hold, opened from each service's event store with its key vault:
 * names, ID numbers, phones, narratives, notes, person references. The kinds an analytics twin keeps coarsened
 * (division, birth date, age) are left out: their coarse form is meant to be there.
 */
export const personalValuesOf = async (suite: RunningSuite): Promise<string[]> => {
  const values = new Set<string>();
  for (const service of suite.services) {
    const deps = service.infra.depsFor(service.name);
    const cipher = createPersonalDataCipher(deps.keyVault);
    let after = 0;
    for (;;) {
      const page = await deps.eventStore.readAll({ after, limit: 500 });
      for (const event of page.commits.flatMap((c) => c.events)) {
        const fields = eventRegistry
          .personalFields(event.type)
          .filter((f) => f.kind === 'data' || f.kind === 'identifier');
        if (fields.length === 0) continue;
        const { data } = await cipher.openPersonalFields(eventRegistry, event.type, event.data);
        for (const field of fields) for (const at of locateField(data, field.path)) stringsIn(at.value, values);
      }
      if (page.commits.length === 0 || page.checkpoint === after) break;
      after = page.checkpoint;
    }
  }
  return [...values].filter((v) => v.length >= MIN_LENGTH).sort();
};
