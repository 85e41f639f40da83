import type { EventRegistry } from '@carebridge/event-schema';
import { personSubject } from '@carebridge/identity';
import type { EventStore } from '@carebridge/event-store';
import type { PersonalDataCipher } from '@carebridge/personal-data';

/**
 * The store as dispatch uses it: personal fields (names, ID numbers, phones, addresses, notes) are sealed before
 * every append, under the key of the person they belong to. Deciders never need them, so reads stay sealed;
 * the few queries that show them open them explicitly.
 */
export const sealingStore = (store: EventStore, cipher: PersonalDataCipher, registry: EventRegistry): EventStore => ({
  ...store,
  async append(streamId, events, options) {
    const sealed = await Promise.all(
      events.map(async (e) => ({
        type: e.type,
        data: await cipher.sealPersonalFields(registry, e.type, e.data, (subject, data) =>
          subjectOf(subject, data, streamId),
        ),
      })),
    );
    return store.append(streamId, sealed, options);
  },
});

/** Volunteers' data is keyed per volunteer; a requester's per person (or per order when anonymous). */
const subjectOf = (subject: string, data: Record<string, unknown>, streamId: string): string => {
  if (subject === 'volunteer') return `dispatch-volunteer:${String(data.volunteerId)}`;
  const requester = data.requester as { personRef?: string } | undefined;
  if (subject === 'requester' && requester?.personRef) return personSubject(requester.personRef);
  return `dispatch-${subject}:${streamId}`;
};
