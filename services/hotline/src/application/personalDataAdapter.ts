import { eventRegistry, type EventRegistry } from '@carebridge/event-schema';
import type { EventStore } from '@carebridge/event-store';
import { personSubject } from '@carebridge/identity';
import { openEvents, sealingEventStore, type KeySubject, type PersonalDataCipher } from '@carebridge/personal-data';
import type { PersonalData } from './ports';

/**
 * The child's own key, the suite's one key per person (`person:<childRef>`, @carebridge/identity): the programmes
 * the case refers the child to seal under the same key, so destroying it erases the child in every programme.
 */
export const childSubject = (childRef: string): string => personSubject(childRef);

/** The key subjects of one case's and one contact's record keys (what a retention purge destroys). */
export const caseKeySubject = (caseId: string): string => `hotline-case:${caseId}`;
export const contactKeySubject = (contactId: string): string => `hotline-contact:${contactId}`;

/**
 * Every field of a hotline record is sealed under that record's own key, wrapped by the child's key: erasing the
 * child (the person key) still reaches every record, and purging one case (its record key) spares the child's
 * other records, in the hotline and in every programme the child was referred to.
 */
export const caseKey = (caseId: string, childRef: string): KeySubject => ({
  subject: caseKeySubject(caseId),
  parent: childSubject(childRef),
});
export const contactKey = (contactId: string, childRef: string): KeySubject => ({
  subject: contactKeySubject(contactId),
  parent: childSubject(childRef),
});

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
