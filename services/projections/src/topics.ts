import { topics as topicRegistry } from '@carebridge/event-schema';

/**
 * Topic names as this deployment sees them. A prefix namespaces every topic (a tenant on a shared cluster,
 * a test on a shared broker); production runs without one.
 */
export type TopicNames = {
  readonly prefix: string;
  /** The deployed name of a registry topic (`hotline.cases.v1` → `<prefix>hotline.cases.v1`). */
  of(base: string): string;
  /** The analytics twin of a registry topic (`<prefix>analytics.hotline.cases.v1`). */
  analyticsOf(base: string): string;
};

export const topicNames = (prefix = ''): TopicNames => ({
  prefix,
  of: (base) => `${prefix}${base}`,
  analyticsOf: (base) => `${prefix}analytics.${base}`,
});

/** Every programme (domain) topic of the registry: each has an analytics twin. */
export const programmeTopics = (): string[] => topicRegistry.filter((t) => t.kind === 'domain').map((t) => t.name);

export const JOURNEY_TOPICS = ['hotline.cases.v1', 'referrals.v1', 'relief.applications.v1'] as const;
