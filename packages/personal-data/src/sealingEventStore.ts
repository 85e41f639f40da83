import type { EventRegistry } from '@carebridge/event-schema';
import type { EventStore } from '@carebridge/event-store';
import type { KeySubject, PersonalDataCipher } from './personalDataCipher';

/**
 * What a programme supplies: the key subject that seals a personal field, from the subject the schema names on it
 * (`child`, `applicant`, `requester`), the event's clear data and the stream it is appended to. Undefined refuses
 * the append (a personal field with no one to seal it for).
 */
export type KeySubjectOf = (subject: string, data: Record<string, unknown>, streamId: string) => KeySubject | undefined;

/**
 * The one step between a decider and the store: every appended event's personal fields are sealed, each under the
 * key `keySubjectOf` names, before the store sees them. Reads pass through sealed; `openEvents` opens them.
 */
export const sealingEventStore = (
  store: EventStore,
  cipher: PersonalDataCipher,
  registry: EventRegistry,
  keySubjectOf: KeySubjectOf,
): EventStore => ({
  ...store,
  async append(streamId, events, options) {
    const sealed = await Promise.all(
      events.map(async (e) => ({
        type: e.type,
        data: await cipher.sealPersonalFields(registry, e.type, e.data, (subject, data) =>
          keySubjectOf(subject, data, streamId),
        ),
      })),
    );
    return store.append(streamId, sealed, options);
  },
});

/** Events with their personal fields opened; a field whose key was destroyed reads as null. */
export const openEvents = <E extends { readonly type: string; readonly data: Record<string, unknown> }>(
  cipher: PersonalDataCipher,
  registry: EventRegistry,
  events: readonly E[],
): Promise<E[]> =>
  Promise.all(
    events.map(async (e) => ({ ...e, data: (await cipher.openPersonalFields(registry, e.type, e.data)).data })),
  );
