import type { DocumentStore } from '@carebridge/document-store';
import type { Projection } from '@carebridge/projection-runner';
import type { OpenData } from '../runtime/openedData';
import { sourceOf } from '../runtime/sourcePosition';
import { JOURNEY_TOPICS, type TopicNames } from '../topics';
import { applyJourneyChange } from './applyJourneyChange';
import { journeyChangeOf, settleReporter, type JourneyTarget } from './journeyChanges';
import { journeyIdOf, personIndexKey, type JourneyDoc, type JourneyIndexDoc } from './journeyTypes';

export const journeyCollections = (documents: DocumentStore) => ({
  journeys: documents.collection<JourneyDoc>('journeys'),
  index: documents.collection<JourneyIndexDoc>('journeyIndex'),
});

const addJourney =
  (journeyId: string) =>
  (current: JourneyIndexDoc | undefined, id: string): JourneyIndexDoc => ({
    id,
    journeyIds: [...new Set([...(current?.journeyIds ?? []), journeyId])].sort(),
  });

/** The case journey: hotline case, referrals and relief applications joined into one document per journey. */
export const createJourneyProjection = (deps: {
  documents: DocumentStore;
  topics: TopicNames;
  open: OpenData;
}): Projection => {
  const { journeys, index } = journeyCollections(deps.documents);
  const resolve = async (target: JourneyTarget): Promise<{ journeyId: string; receiving?: string }> => {
    if ('journeyId' in target) return { journeyId: target.journeyId };
    const key = 'applicationId' in target ? `application:${target.applicationId}` : `referral:${target.referralId}`;
    const linked = await index.get(key);
    // Linked earlier in the same stream (draft before submission, request before outcome); the fallback keeps
    // an event whose link was never published rather than losing it.
    const fallback =
      'applicationId' in target
        ? journeyIdOf('relief', target.applicationId)
        : journeyIdOf('referral', target.referralId);
    return {
      journeyId: linked?.journeyIds[0] ?? fallback,
      ...(linked?.receiving ? { receiving: linked.receiving } : {}),
    };
  };
  return {
    name: 'journeys',
    topics: JOURNEY_TOPICS.map((t) => deps.topics.of(t)),
    async handle(event, ctx) {
      if (!journeyChangeOf({ ...event, data: event.data })) return;
      const opened = journeyChangeOf({ ...event, data: await deps.open(event.type, event.data) })!;
      const { journeyId, receiving } = await resolve(opened.target);
      const change = settleReporter(opened, receiving);
      if (!change) return;
      const source = sourceOf(event, ctx);
      for (const key of [...change.links, ...change.personRefs.map(personIndexKey)]) {
        const keep = key.startsWith('referral:') && change.receiving ? { receiving: change.receiving } : {};
        await index.applyOnce(key, source, (current) => ({ ...addJourney(journeyId)(current, key), ...keep }));
      }
      await journeys.applyOnce(journeyId, source, (current) => applyJourneyChange(current, journeyId, change));
    },
    async reset() {
      await journeys.deleteAll();
      await index.deleteAll();
    },
  };
};
