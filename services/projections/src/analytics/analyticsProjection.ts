import type { Publisher } from '@carebridge/messaging';
import type { Projection } from '@carebridge/projection-runner';
import { eventRegistry } from '@carebridge/event-schema';
import type { OpenData } from '../runtime/openedData';
import type { TopicNames } from '../topics';
import { analyticsRecordOf } from './analyticsRecord';

/**
 * One programme topic → its `analytics.` twin. Publishing is a side effect, so it runs once per CloudEvent
 * through the runner's inbox; a crash between the broker's ack and the inbox record republishes the same ce_id,
 * which downstream deduplicates.
 */
export const createAnalyticsProjection = (deps: {
  baseTopic: string;
  topics: TopicNames;
  publisher: Publisher;
  open: OpenData;
  pseudonymKey: Buffer;
}): Projection => {
  const target = deps.topics.analyticsOf(deps.baseTopic);
  return {
    name: `analytics.${deps.baseTopic}`,
    topics: [deps.topics.of(deps.baseTopic)],
    async handle(event, ctx) {
      // A type this build does not know (a newer producer) cannot be scrubbed safely: it is not published.
      if (!eventRegistry.latest(event.type)) return;
      const clear = await deps.open(event.type, event.data);
      const record = analyticsRecordOf({ ...event, data: clear }, target, deps.pseudonymKey);
      await ctx.once(() => deps.publisher.send([record]));
    },
  };
};
