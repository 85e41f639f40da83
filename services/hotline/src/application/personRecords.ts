import type { PersonalDataCipher } from '@carebridge/personal-data';
import { allPages, type PersonRecordSource } from '@carebridge/service-host';
import type { HotlineApplication } from './hotlineApplication';
import { streams } from './ports';

/**
 * The hotline's records of a person for a data export: the cases about the child, found by the listing's index
 * on personRef. The child's own fields are theirs; the caller's name and phone (who may have reported the child's
 * own family) and the narrative and notes written about the case are not.
 */
export const hotlinePersonRecords = (app: HotlineApplication, cipher: PersonalDataCipher): PersonRecordSource => ({
  programme: 'hotline',
  eventStore: app.deps.eventStore,
  registry: app.registry,
  cipher,
  isOwnField: (field) => field.subject === 'child' && field.path.startsWith('child.'),
  find: async (personRef) =>
    (
      await allPages((pageToken) =>
        app.caseHandler.summaries.find({ personRef }, { limit: 200, ...(pageToken ? { pageToken } : {}) }),
      )
    ).map((summary) => ({
      kind: 'case',
      id: summary.id,
      streamId: streams.case(summary.id),
      jurisdiction: summary.county ?? summary.prefecture,
      status: summary.status,
    })),
  clock: app.deps.clock,
});
