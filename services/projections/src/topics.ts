import { topics as topicRegistry } from '@carebridge/event-schema';

/**
 * Topic names as this deployment sees them. A prefix or suffix namespaces every topic and consumer group (a
 * tenant on a shared cluster, a test run on a shared broker); production runs with neither.
 */
// Plain functions over closed-over names (no `this`), so they can be passed around, e.g. to map.
export type TopicNames = {
  readonly prefix: string;
  readonly suffix: string;
  /** The deployed name of a registry topic (`hotline.cases.v1` → `<prefix>hotline.cases.v1<suffix>`). */
  readonly of: (base: string) => string;
  /** The analytics twin of a registry topic (`<prefix>analytics.hotline.cases.v1<suffix>`). */
  readonly analyticsOf: (base: string) => string;
  /** The registry name of a deployed topic. */
  readonly baseOf: (topic: string) => string;
  /** Consumer group of a projection, namespaced like the topics. */
  readonly groupOf: (projection: string) => string;
};

export const topicNames = (namespace: { readonly prefix?: string; readonly suffix?: string } = {}): TopicNames => {
  const prefix = namespace.prefix ?? '';
  const suffix = namespace.suffix ?? '';
  return {
    prefix,
    suffix,
    of: (base) => `${prefix}${base}${suffix}`,
    analyticsOf: (base) => `${prefix}analytics.${base}${suffix}`,
    baseOf: (topic) => topic.slice(prefix.length, topic.length - suffix.length),
    groupOf: (projection) => `${prefix}projection.${projection}${suffix}`,
  };
};

/** Every programme (domain) topic of the registry: each has an analytics twin. */
export const programmeTopics = (): string[] => topicRegistry.filter((t) => t.kind === 'domain').map((t) => t.name);

export const JOURNEY_TOPICS = ['hotline.cases.v1', 'referrals.v1', 'relief.applications.v1'] as const;
