import type { EventStore } from '@carebridge/event-store';
import { eventRegistry } from '@carebridge/event-schema';
import type { PersonalDataCipher } from '@carebridge/personal-data';
import { allPages, type PersonRecordSource } from '@carebridge/service-host';
import type { DispatchApplication } from './dispatchApplication';
import { orderStream } from './streams';

/**
 * Dispatch's records of a person for a data export: the orders placed for them, found by the board's index on
 * personRef. The requester's own name, phone and address are theirs; the note written for the volunteer is not.
 */
export const dispatchPersonRecords = (
  app: DispatchApplication,
  eventStore: EventStore,
  cipher: PersonalDataCipher,
): PersonRecordSource => ({
  programme: 'dispatch',
  eventStore,
  registry: eventRegistry,
  cipher,
  isOwnField: (field) => field.subject === 'requester' && field.path.startsWith('requester.'),
  find: async (personRef) =>
    (
      await allPages((pageToken) => app.board.find({ personRef }, { limit: 200, ...(pageToken ? { pageToken } : {}) }))
    ).map((card) => ({
      kind: 'order',
      id: card.id,
      streamId: orderStream(card.id),
      jurisdiction: card.county,
      status: card.status,
    })),
  clock: app.clock,
});
