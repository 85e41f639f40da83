import { eventRegistry } from '@carebridge/event-schema';
import { allPages, type PersonRecordSource } from '@carebridge/service-host';
import { streams, type CatalogContext } from './catalogContext';

/**
 * The catalog's records of a person for a data export: the service requests made for them, found by the request
 * read model's index on personRef. The requester's own fields are theirs; the note written for the organisation
 * is not.
 */
export const catalogPersonRecords = (ctx: CatalogContext): PersonRecordSource => ({
  programme: 'catalog',
  eventStore: ctx.deps.eventStore,
  registry: eventRegistry,
  cipher: ctx.deps.cipher,
  isOwnField: (field) => field.subject === 'requester' && field.path.startsWith('requester.'),
  find: async (personRef) =>
    (
      await allPages((pageToken) =>
        ctx.models.requests.find({ personRef }, { limit: 200, ...(pageToken ? { pageToken } : {}) }),
      )
    ).map((request) => ({
      kind: 'request',
      id: request.id,
      streamId: streams.request(request.id),
      jurisdiction: request.county,
      status: request.status,
    })),
  clock: ctx.deps.clock,
});
