import { eventRegistry, type EventRegistry } from '@carebridge/event-schema';
import { personSubject } from '@carebridge/identity';
import type { PersonalDataCipher } from '@carebridge/personal-data';
import type { PersonalData } from './ports';

/**
 * Every field of a hotline record is sealed under the child's own key, the suite's one key per person
 * (`person:<childRef>`, @carebridge/identity): the programmes the case refers the child to seal under the same
 * key, so destroying it erases the child in every programme.
 */
export const childSubject = (childRef: string): string => personSubject(childRef);

/** The subject records written before the suite shared one key per person were sealed under; erased as well. */
export const legacyChildSubject = (childRef: string): string => `child:${childRef}`;

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
