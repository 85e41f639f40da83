import type { EventDefinition } from './defineEvent';
import { cloudEventType } from './defineEvent';
import { eventRegistry } from './events';
import type { EventRegistry } from './registry';

export type TopicKind = 'domain' | 'dlq' | 'analytics';

export type TopicSpec = {
  readonly name: string;
  readonly kind: TopicKind;
  /** For a `.dlq` or `analytics.` twin: the domain topic it belongs to. */
  readonly of?: string;
  readonly partitions: number;
  /** -1: kept forever. */
  readonly retentionMs: number;
  readonly cleanupPolicy: 'delete' | 'compact';
  /** Kafka topic configs, ready for an admin client's createTopics or kafka-topics.sh --config. */
  readonly configs: Readonly<Record<string, string>>;
  /** CloudEvents types carried (latest version of each event type on this topic). */
  readonly eventTypes: readonly string[];
  readonly description: string;
};

const DAY_MS = 86_400_000;

/**
 * Why these numbers: a domain topic is the replayable log every read model rebuilds from, so it is kept
 * forever (personal fields on it are sealed; erasure destroys the key, not the records). A dead-letter topic
 * is an operator's work queue: 30 days. Analytics twins are PII-free and feed warehouses: kept forever.
 */
const settings: Record<TopicKind, { partitions: number; retentionMs: number }> = {
  domain: { partitions: 6, retentionMs: -1 },
  dlq: { partitions: 1, retentionMs: 30 * DAY_MS },
  analytics: { partitions: 3, retentionMs: -1 },
};

const spec = (name: string, kind: TopicKind, eventTypes: string[], description: string, of?: string): TopicSpec => {
  const { partitions, retentionMs } = settings[kind];
  return {
    name,
    kind,
    ...(of ? { of } : {}),
    partitions,
    retentionMs,
    cleanupPolicy: 'delete',
    configs: { 'cleanup.policy': 'delete', 'retention.ms': String(retentionMs) },
    eventTypes,
    description,
  };
};

/** Every topic the events of a registry need: each domain topic with its `.dlq` and `analytics.` twins. */
export const topicsOf = (registry: EventRegistry): TopicSpec[] => {
  const latestByTopic = new Map<string, EventDefinition[]>();
  for (const type of new Set(registry.definitions.map((d) => d.type))) {
    const latest = registry.latest(type)!;
    latestByTopic.set(latest.topic, [...(latestByTopic.get(latest.topic) ?? []), latest]);
  }
  return [...latestByTopic.keys()].sort().flatMap((topic) => {
    const types = latestByTopic.get(topic)!.map(cloudEventType).sort();
    return [
      spec(topic, 'domain', types, `Domain events (personal fields sealed), keyed by stream id.`),
      spec(
        `${topic}.dlq`,
        'dlq',
        types,
        `Records of ${topic} that a consumer gave up on, with the error and origin in headers.`,
        topic,
      ),
      spec(
        `analytics.${topic}`,
        'analytics',
        types,
        `PII-free twin of ${topic}: pseudonymous ids, coarse places.`,
        topic,
      ),
    ];
  });
};

export const topics: readonly TopicSpec[] = topicsOf(eventRegistry);

export const topicNamed = (name: string): TopicSpec | undefined => topics.find((t) => t.name === name);
