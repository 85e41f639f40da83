import { allPages, type PersonRecordSource } from '@carebridge/service-host';
import { applicationStreamId } from './applicationRepository';
import type { ReliefContext } from './context';

/**
 * Relief's records of a person for a data export: their applications (drafts from referrals included), found by
 * the list view's index on personRef. The applicant's own fields are theirs; a referrer's note is not.
 */
export const reliefPersonRecords = (ctx: ReliefContext): PersonRecordSource => ({
  programme: 'relief',
  eventStore: ctx.eventStore,
  registry: ctx.registry,
  cipher: ctx.cipher,
  isOwnField: (field) => field.subject === 'applicant' && field.path !== 'note',
  find: async (personRef) =>
    (
      await allPages((pageToken) =>
        ctx.summaries.find({ personRef }, { limit: 200, ...(pageToken ? { pageToken } : {}) }),
      )
    ).map((summary) => ({
      kind: 'application',
      id: summary.id,
      streamId: applicationStreamId(summary.id),
      jurisdiction: summary.city,
      status: summary.status,
    })),
  clock: ctx.clock,
});
