import { cloudEventType, type EventDefinition } from '../defineEvent';
import { analyticsSchemaFileOf } from '../analytics/analyticsSchema';
import type { EventRegistry } from '../registry';
import type { TopicSpec } from '../topics';
import { schemaFileOf } from './publishedSchema';

/** Where the document sits relative to the published schemas, so its $refs resolve inside the repository. */
const SCHEMAS_FROM_DOCS = '../../packages/event-schema/schemas/';

const cloudEventsHeaders = {
  type: 'object',
  description: 'CloudEvents 1.0 Kafka binding, binary mode, plus the W3C trace context of the command.',
  required: [
    'ce_specversion',
    'ce_id',
    'ce_type',
    'ce_source',
    'ce_time',
    'ce_subject',
    'ce_sequence',
    'ce_dataschema',
    'content-type',
  ],
  properties: {
    ce_specversion: { type: 'string', const: '1.0' },
    ce_id: { type: 'string', description: 'Event id; unique per event, the key for de-duplication.' },
    ce_type: {
      type: 'string',
      pattern: '^org\\.carebridge\\..+\\.v[1-9][0-9]*$',
      description: 'Event type and schema version.',
    },
    ce_source: { type: 'string', pattern: '^/', description: 'Emitting service, e.g. /hotline.' },
    ce_time: { type: 'string', format: 'date-time', description: 'When the event was recorded.' },
    ce_subject: { type: 'string', description: 'Stream id (the aggregate the event belongs to).' },
    ce_sequence: {
      type: 'string',
      pattern: '^[0-9]{20}$',
      description: 'Version of the event in its stream, zero-padded.',
    },
    ce_dataschema: { type: 'string', format: 'uri', description: 'URI of the published JSON Schema of the value.' },
    ce_partitionkey: {
      type: 'string',
      description:
        'CloudEvents partitioning extension: present on topics keyed by something other than ce_subject (referrals: the referral id); equal to the record key.',
    },
    'content-type': { type: 'string', const: 'application/json' },
    traceparent: { type: 'string', description: 'W3C trace context of the command that caused the event.' },
  },
};

const messageId = (definition: EventDefinition, analytics: boolean) =>
  `${definition.type}.v${definition.version}${analytics ? '.analytics' : ''}`;
const channelId = (topic: string) => topic.replace(/[^A-Za-z0-9_.-]/g, '_');

/** AsyncAPI 3.0 description of every topic: its messages, their CloudEvents headers and published payload schemas. */
export const buildAsyncApi = (registry: EventRegistry, topics: readonly TopicSpec[]): Record<string, unknown> => {
  const latestOf = (topic: string) =>
    [...new Set(registry.definitions.map((d) => d.type))]
      .map((type) => registry.latest(type)!)
      .filter((d) => d.topic === topic)
      .sort((a, b) => a.type.localeCompare(b.type));

  const messages: Record<string, unknown> = {};
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const topic of topics) {
    const domainTopic = topic.of ?? topic.name;
    const analytics = topic.kind === 'analytics';
    const definitions = latestOf(domainTopic);
    const channelMessages: Record<string, unknown> = {};
    for (const definition of definitions) {
      const id = messageId(definition, analytics);
      messages[id] ??= {
        name: cloudEventType(definition),
        title: `${definition.type} v${definition.version}${analytics ? ' (analytics)' : ''}`,
        summary: definition.description,
        contentType: 'application/json',
        headers: { $ref: '#/components/schemas/CloudEventsHeaders' },
        payload: {
          $ref: SCHEMAS_FROM_DOCS + (analytics ? analyticsSchemaFileOf(definition) : schemaFileOf(definition)),
        },
        bindings: {
          kafka: {
            key: {
              type: 'string',
              description: definition.partitionKey ? `data.${definition.partitionKey}` : 'stream id',
            },
            bindingVersion: '0.5.0',
          },
        },
      };
      channelMessages[id] = { $ref: `#/components/messages/${id}` };
    }
    const id = channelId(topic.name);
    channels[id] = {
      address: topic.name,
      description: topic.description,
      messages: channelMessages,
      bindings: {
        kafka: {
          topic: topic.name,
          partitions: topic.partitions,
          topicConfiguration: { 'cleanup.policy': [topic.cleanupPolicy], 'retention.ms': topic.retentionMs },
          bindingVersion: '0.5.0',
        },
      },
    };
    operations[`send.${id}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${id}` },
      messages: Object.keys(channelMessages).map((m) => ({ $ref: `#/channels/${id}/messages/${m}` })),
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'CareBridge event streams',
      version: '1.0.0',
      description:
        'Domain topics (personal fields sealed), their PII-free analytics twins and dead-letter topics. Generated from packages/event-schema by `npm run schemas`; do not edit.',
    },
    defaultContentType: 'application/json',
    servers: { local: { host: '127.0.0.1:19092', protocol: 'kafka', description: 'Local broker of infra/engines.sh' } },
    channels,
    operations,
    components: { schemas: { CloudEventsHeaders: cloudEventsHeaders }, messages },
  };
};
