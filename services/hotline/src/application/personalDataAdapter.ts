import { eventRegistry, type EventRegistry } from '@carebridge/event-schema';
import type { PersonalDataCipher } from '@carebridge/personal-data';
import type { PersonalData } from './ports';

/** Every field of a hotline record is sealed under the child's own key: one key to destroy erases the child. */
export const childSubject = (childRef: string): string => `child:${childRef}`;

export const createPersonalData = (
  cipher: PersonalDataCipher,
  registry: EventRegistry = eventRegistry,
): PersonalData => ({
  seal: (type, data, subjectOf) => cipher.sealPersonalFields(registry, type, data, (subject) => subjectOf(subject)),
  open: async (type, data) => (await cipher.openPersonalFields(registry, type, data)).data,
  destroySubjectKey: async (subjectId) => {
    await cipher.destroySubjectKey(subjectId);
  },
});
