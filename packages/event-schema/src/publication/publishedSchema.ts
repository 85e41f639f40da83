import type { TSchema } from '@sinclair/typebox';
import { cloudEventType, type EventDefinition } from '../defineEvent';

/** Where published schemas live, on the web and in the repository. `$id` and `ce_dataschema` use the same URI. */
export const SCHEMA_BASE_URI = 'https://schemas.carebridge.org/events/';
export const JSON_SCHEMA_DRAFT = 'https://json-schema.org/draft/2020-12/schema';

export type JsonSchema = Readonly<Record<string, unknown>>;

/** Repository path of a published schema, relative to packages/event-schema/schemas/. */
export const schemaFileOf = (definition: Pick<EventDefinition, 'type' | 'version'>): string =>
  `${definition.type}/v${definition.version}.json`;

export const schemaUriOf = (definition: Pick<EventDefinition, 'type' | 'version'>): string =>
  SCHEMA_BASE_URI + schemaFileOf(definition);

/**
 * Plain JSON of a TypeBox schema: TypeBox's symbol keys dropped, `required` sorted so that reordering the
 * properties in code does not read as a change of the published contract.
 */
export const plainJsonSchema = (schema: TSchema): JsonSchema =>
  JSON.parse(JSON.stringify(schema), (key, value: unknown) =>
    key === 'required' && Array.isArray(value) ? [...(value as string[])].sort() : value,
  ) as JsonSchema;

/** The JSON Schema (2020-12) published for one version of one event type; x-personal marks are kept. */
export const publishedSchemaOf = (definition: EventDefinition): JsonSchema => {
  // The schema's own header gives way to the published one; every other key keeps its place.
  const header = new Set(['$schema', '$id', 'title', 'description']);
  const body = Object.fromEntries(
    Object.entries(plainJsonSchema(definition.schema)).filter(([key]) => !header.has(key)),
  );
  return {
    $schema: JSON_SCHEMA_DRAFT,
    $id: schemaUriOf(definition),
    title: `${definition.type} v${definition.version}`,
    description: definition.description,
    'x-event-type': definition.type,
    'x-event-version': definition.version,
    'x-cloudevents-type': cloudEventType(definition),
    'x-topic': definition.topic,
    ...(definition.partitionKey ? { 'x-partition-key': definition.partitionKey } : {}),
    ...body,
  };
};
