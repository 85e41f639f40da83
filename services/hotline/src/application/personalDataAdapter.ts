import { eventRegistry, type EventRegistry } from '@carebridge/event-schema';
import type { EventStore } from '@carebridge/event-store';
import { personSubject } from '@carebridge/identity';
import { openEvents, sealingEventStore, type PersonalDataCipher } from '@carebridge/personal-data';
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
  store: EventStore,
  cipher: PersonalDataCipher,
  registry: EventRegistry = eventRegistry,
): PersonalData => ({
  sealedFor: (keySubject) => sealingEventStore(store, cipher, registry, () => keySubject),
  open: async (type, data) => (await cipher.openPersonalFields(registry, type, data)).data,
  openEvents: (events) => openEvents(cipher, registry, events),
  destroySubjectKey: async (subjectId) => {
    await cipher.destroySubjectKey(subjectId);
  },
});
