import type { DocumentStore } from '@carebridge/document-store';
import { NotFoundError, PermissionDeniedError, ValidationError } from '@carebridge/decider';
import { seesHotlineCase, seesJourney, seesReferral, seesReliefCity, type Viewer } from './access/jurisdiction';
import { hotlineCaseRows } from './dashboards/hotlineCases';
import { referralRows } from './dashboards/referralConversion';
import { reliefApplicationRows } from './dashboards/reliefApplications';
import { conversionOf, fundUseOf, hotlineCellsOf } from './dashboards/summaries';
import { journeyCollections } from './journey/journeyProjection';
import { applicationIndexKey, journeyIdOf, personIndexKey, type JourneyDoc } from './journey/journeyTypes';
import { readAll } from './runtime/readAll';

export type JourneyQuery = { readonly caseId?: string; readonly applicationId?: string; readonly personRef?: string };

const DIVISION = /^[1-9][0-9]{5}$/;

/** Exactly one way to find the journey; every bad field is named. */
const checkJourneyQuery = (query: JourneyQuery): void => {
  const given = (['caseId', 'applicationId', 'personRef'] as const).filter((k) => (query[k] ?? '').length > 0);
  if (given.length === 1) return;
  const description =
    given.length === 0 ? 'give one of case_id, application_id, person_ref' : `give only one of ${given.join(', ')}`;
  throw new ValidationError(
    (given.length === 0
      ? ['case_id', 'application_id', 'person_ref']
      : given.map((g) => g.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`))
    ).map((field) => ({ field, description })),
  );
};

const checkDivision = (field: string, value: string | undefined): void => {
  if (value && !DIVISION.test(value))
    throw new ValidationError([{ field, description: 'must be a six-digit GB/T 2260 code' }]);
};

/** Queries over the read models, authorised by jurisdiction exactly as the source programmes are. */
export const createQueries = (documents: DocumentStore) => {
  const { journeys, index } = journeyCollections(documents);
  const cases = hotlineCaseRows(documents);
  const applications = reliefApplicationRows(documents);
  const referrals = referralRows(documents);

  const journeysByIds = async (ids: readonly string[]): Promise<JourneyDoc[]> =>
    (await Promise.all(ids.map((id) => journeys.get(id)))).filter((j): j is JourneyDoc => j !== undefined);

  return {
    /** The journeys found by the id given; NOT_FOUND when none exists, PERMISSION_DENIED when none is the caller's. */
    async journeys(viewer: Viewer, query: JourneyQuery): Promise<JourneyDoc[]> {
      checkJourneyQuery(query);
      const ids = query.caseId
        ? [journeyIdOf('hotline', query.caseId)]
        : ((
            await index.get(
              query.applicationId ? applicationIndexKey(query.applicationId) : personIndexKey(query.personRef!),
            )
          )?.journeyIds ?? []);
      const found = await journeysByIds(ids);
      if (found.length === 0) throw new NotFoundError('no journey is known for the id given');
      const visible = found.filter((j) => seesJourney(viewer, j));
      if (visible.length === 0) throw new PermissionDeniedError("the journey lies outside the caller's jurisdiction");
      return visible;
    },

    async fundUse(viewer: Viewer, filter: { city?: string } = {}) {
      checkDivision('city', filter.city);
      const rows = await readAll(applications, filter.city ? { city: filter.city } : {});
      return fundUseOf(rows.filter((r) => seesReliefCity(viewer, r.city)));
    },

    async hotlineCases(viewer: Viewer, filter: { prefecture?: string } = {}) {
      checkDivision('prefecture', filter.prefecture);
      const rows = await readAll(cases, filter.prefecture ? { prefecture: filter.prefecture } : {});
      return hotlineCellsOf(rows.filter((r) => seesHotlineCase(viewer, r)));
    },

    async referralConversion(viewer: Viewer, filter: { to?: string } = {}) {
      const rows = await readAll(referrals, filter.to ? { to: filter.to } : {});
      return conversionOf(rows.filter((r) => seesReferral(viewer, r.division)));
    },
  };
};

export type Queries = ReturnType<typeof createQueries>;
