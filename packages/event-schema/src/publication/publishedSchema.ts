import type { TSchema } from '@sinclair/typebox';
import { cloudEventType, type EventDefinition } from '../defineEvent';
import { PERSONAL_KEYWORD, PERSONAL_KIND_KEYWORD } from '../personal';
import { SealedValue } from '../sealedValue';

/** Where published schemas live, on the web and in the repository. `$id` and `ce_dataschema` use the same URI. */
export const SCHEMA_BASE_URI = 'https://schemas.carebridge.org/events/';
export const JSON_SCHEMA_DRAFT = 'https://json-schema.org/draft/2020-12/schema';

export type JsonSchema = Readonly<Record<string, unknown>>;

/** A published schema file's text (the errata's hashes are taken over it). */
export const renderSchema = (schema: JsonSchema): string => `${JSON.stringify(schema, null, 2)}\n`;

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

/**
 * The JSON Schema (2020-12) of one version's clear data, x-personal marks kept: what a service checks before
 * sealing, what stored events are upcast against, and what the analytics twin is scrubbed from.
 */
export const clearSchemaOf = (definition: EventDefinition): JsonSchema => {
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

/** The shared definition of a sealed value, published once beside the event schemas; event schemas `$ref` it. */
export const SEALED_VALUE_FILE = 'shared/sealedValue.v1.json';
/** The `$ref` from an event schema (`<type>/v<n>.json`) to the sealed value, relative so it resolves by file too. */
export const SEALED_VALUE_REF = `../${SEALED_VALUE_FILE}`;

export const sealedValueSchema: JsonSchema = {
  $schema: JSON_SCHEMA_DRAFT,
  $id: SCHEMA_BASE_URI + SEALED_VALUE_FILE,
  title: 'Sealed personal value v1',
  description:
    "A personal field as it travels on a domain topic and lies in the stores: its clear value as JSON, encrypted with AES-256-GCM under the data key `kid` of the person it belongs to, the field's path bound as additional data. Only the services that hold the key vault can open it; destroying the person's key erases the value everywhere it was copied. Analysts read the analytics twin, where personal fields are pseudonymised, coarsened or removed instead.",
  ...plainJsonSchema(SealedValue),
};

/**
 * Each x-personal node of a clear schema, as it travels: a `$ref` to the sealed value, keeping the field's own
 * description and its marks (whose data it is, what kind).
 */
const sealPersonalNodes = (node: JsonSchema): JsonSchema => {
  if (PERSONAL_KEYWORD in node) {
    const kept = Object.entries(node).filter(
      ([key]) => key === 'description' || key === PERSONAL_KEYWORD || key === PERSONAL_KIND_KEYWORD,
    );
    return { $ref: SEALED_VALUE_REF, ...Object.fromEntries(kept) };
  }
  const sealed = (child: unknown) => sealPersonalNodes(child as JsonSchema);
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => {
      if (key === 'properties')
        return [
          key,
          Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, sealed(v)])),
        ];
      if (key === 'items') return [key, sealed(value)];
      if (key === 'anyOf' || key === 'oneOf') return [key, (value as unknown[]).map(sealed)];
      return [key, value];
    }),
  );
};

/**
 * The JSON Schema (2020-12) published for one version of one event type, as the event travels on its domain
 * topic: every personal field sealed (unless the definition says its programme does not seal it). Its `$id` is the
 * `ce_dataschema` of the event's records.
 */
export const publishedSchemaOf = (definition: EventDefinition): JsonSchema =>
  definition.sealed === false ? clearSchemaOf(definition) : sealPersonalNodes(clearSchemaOf(definition));
