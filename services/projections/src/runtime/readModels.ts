import type { Writable } from 'node:stream';
import { DomainRuleError } from '@carebridge/decider';
import type { DocumentStore } from '@carebridge/document-store';
import { eventRegistry, topicNamed } from '@carebridge/event-schema';
import type { MessageBus } from '@carebridge/messaging';
import type { KeyVault } from '@carebridge/personal-data';
import {
  createProjectionRunner,
  deadLetterTopic,
  rebuildProjection,
  type LagReport,
  type Projection,
  type ProjectionRunner,
  type RebuildResult,
} from '@carebridge/projection-runner';
import { createAnalyticsProjection } from '../analytics/analyticsProjection';
import { createHotlineCasesProjection } from '../dashboards/hotlineCases';
import { createReferralConversionProjection } from '../dashboards/referralConversion';
import { createReliefFundProjection } from '../dashboards/reliefApplications';
import { createJourneyProjection } from '../journey/journeyProjection';
import { programmeTopics, type TopicNames } from '../topics';
import { createOpenData } from './openedData';

export type ReadModelsDeps = {
  readonly bus: MessageBus;
  readonly documents: DocumentStore;
  readonly keyVault: KeyVault;
  readonly pseudonymKey: Buffer;
  readonly topics: TopicNames;
  /** Programme topics that get an analytics twin; every domain topic of the registry by default. */
  readonly analyticsOf?: readonly string[];
};

export type ReadModels = {
  /** Read models by name (journeys, hotline-cases, relief-fund, referral-conversion), then the analytics streams. */
  readonly projections: readonly Projection[];
  readonly names: readonly string[];
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops the model's consumer, drops the model, replays its topics from offset zero, starts it again. */
  rebuild(name: string, progress?: Writable): Promise<RebuildResult>;
  lag(name: string): Promise<LagReport>;
  running(): boolean;
};

export class UnknownReadModelError extends Error {
  constructor(
    readonly model: string,
    known: readonly string[],
  ) {
    super(`unknown read model ${model}; known: ${known.join(', ')}`);
    this.name = 'UnknownReadModelError';
  }
}

/** Every projection of the service and the consumer groups that feed them. */
export const createReadModels = (deps: ReadModelsDeps): ReadModels => {
  const open = createOpenData(deps.keyVault);
  const base = { documents: deps.documents, topics: deps.topics };
  const projections: Projection[] = [
    createJourneyProjection({ ...base, open }),
    createHotlineCasesProjection(base),
    createReliefFundProjection(base),
    createReferralConversionProjection(base),
    ...(deps.analyticsOf ?? programmeTopics()).map((baseTopic) =>
      createAnalyticsProjection({
        baseTopic,
        topics: deps.topics,
        publisher: deps.bus.publisher,
        open,
        pseudonymKey: deps.pseudonymKey,
      }),
    ),
  ];
  const byName = new Map(projections.map((p) => [p.name, p]));
  const options = (projection: Projection) => ({
    bus: deps.bus,
    projection,
    registry: eventRegistry,
    inbox: deps.documents,
    groupId: deps.topics.groupOf(projection.name),
  });
  const runners = new Map<string, ProjectionRunner>();
  const rebuilding = new Set<string>();
  let started = false;

  const projectionNamed = (name: string): Projection => {
    const found = byName.get(name);
    if (!found) throw new UnknownReadModelError(name, [...byName.keys()]);
    return found;
  };
  const runnerOf = (projection: Projection): ProjectionRunner => {
    const runner = runners.get(projection.name) ?? createProjectionRunner(options(projection));
    runners.set(projection.name, runner);
    return runner;
  };
  const ensureTopics = async (): Promise<void> => {
    const sources = [...new Set(projections.flatMap((p) => p.topics))];
    const analytics = (deps.analyticsOf ?? programmeTopics()).map((t) => ({
      topic: deps.topics.analyticsOf(t),
      partitions: topicNamed(`analytics.${t}`)?.partitions ?? 3,
    }));
    await deps.bus.admin.ensureTopics([
      ...sources.map((topic) => ({ topic, partitions: topicNamed(deps.topics.baseOf(topic))?.partitions ?? 6 })),
      ...sources.map((topic) => ({ topic: deadLetterTopic(topic), partitions: 1 })),
      ...analytics,
    ]);
  };

  return {
    projections,
    names: [...byName.keys()],
    async start() {
      if (started) return;
      started = true;
      await ensureTopics();
      // One at a time: joining many groups at once on a small broker only multiplies rebalances.
      for (const projection of projections) await runnerOf(projection).start();
    },
    async stop() {
      started = false;
      await Promise.all([...runners.values()].map((r) => r.stop()));
    },
    async rebuild(name, progress) {
      const projection = projectionNamed(name);
      // A second request while one runs is refused as a rule (FAILED_PRECONDITION REBUILD_RUNNING), never INTERNAL.
      if (rebuilding.has(name))
        throw new DomainRuleError(`a rebuild of ${name} is already running; try again when it ends`, 'rebuild_running');
      rebuilding.add(name);
      const wasRunning = started && runners.has(name);
      try {
        await runners.get(name)?.stop();
        runners.delete(name);
        await ensureTopics();
        return await rebuildProjection({ ...options(projection), ...(progress ? { progress } : {}) });
      } finally {
        // A failed rebuild must not leave the read model without its consumer.
        if (wasRunning) await runnerOf(projection).start();
        rebuilding.delete(name);
      }
    },
    lag: (name) => runnerOf(projectionNamed(name)).lag(),
    running: () => started,
  };
};
