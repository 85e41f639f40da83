import type { EventDefinition } from '../defineEvent';
import { PERSONAL_KEYWORD, PERSONAL_KIND_KEYWORD, type PersonalKind } from '../personal';
import { JSON_SCHEMA_DRAFT, SCHEMA_BASE_URI, clearSchemaOf, type JsonSchema } from '../publication/publishedSchema';

export const analyticsSchemaFileOf = (definition: Pick<EventDefinition, 'type' | 'version'>): string =>
  `${definition.type}/v${definition.version}.analytics.json`;

export const analyticsSchemaUriOf = (definition: Pick<EventDefinition, 'type' | 'version'>): string =>
  SCHEMA_BASE_URI + analyticsSchemaFileOf(definition);

export const AGE_BANDS = ['0-2', '3-5', '6-11', '12-14', '15-17', '18-59', '60+'] as const;

/** What an analytics record holds in place of a personal field of each kind; undefined: the field is removed. */
const replacementOf = (kind: PersonalKind, original: JsonSchema): JsonSchema | undefined => {
  const note = (text: string) => ({
    description: `${text} (was ${typeof original.description === 'string' ? original.description : 'a personal field'})`,
  });
  switch (kind) {
    case 'identifier':
      return { type: 'string', pattern: '^[0-9a-f]{64}$', ...note('Keyed pseudonym: HMAC-SHA256 of the id, hex') };
    case 'division':
      return {
        type: 'string',
        pattern: '^[1-9][0-9]{3}$',
        ...note('Prefecture: first 4 digits of the GB/T 2260 code'),
      };
    case 'birthDate':
      return { type: 'integer', minimum: 1900, maximum: 2100, ...note('Year of birth') };
    case 'age':
      return { type: 'string', enum: [...AGE_BANDS], ...note('Age band') };
    case 'data':
      return undefined;
    default: {
      const unknownKind: never = kind;
      throw new Error(`unknown personal kind ${String(unknownKind)}`);
    }
  }
};

const kindOf = (node: JsonSchema): PersonalKind | undefined =>
  PERSONAL_KEYWORD in node ? ((node[PERSONAL_KIND_KEYWORD] as PersonalKind | undefined) ?? 'data') : undefined;

/** Scrubbed copy of a schema; returns undefined when the node itself is removed. */
const scrub = (node: JsonSchema): JsonSchema | undefined => {
  const kind = kindOf(node);
  if (kind) return replacementOf(kind, node);
  const result: Record<string, unknown> = { ...node };
  if (node.properties) {
    const properties: Record<string, JsonSchema> = {};
    const required = new Set((node.required ?? []) as string[]);
    for (const [key, child] of Object.entries(node.properties as Record<string, JsonSchema>)) {
      const scrubbed = scrub(child);
      if (scrubbed) properties[key] = scrubbed;
      // A replaced personal field is optional: when it reached the scrub sealed, it cannot be kept.
      if (!scrubbed || kindOf(child)) required.delete(key);
    }
    result.properties = properties;
    if (required.size > 0) result.required = [...required].sort();
    else delete result.required;
  }
  if (node.items) {
    const items = scrub(node.items as JsonSchema);
    if (!items) return undefined;
    result.items = items;
  }
  if (Array.isArray(node.anyOf)) {
    const variants = (node.anyOf as JsonSchema[]).map(scrub).filter((v): v is JsonSchema => v !== undefined);
    if (variants.length === 0) return undefined;
    result.anyOf = variants;
  }
  return result;
};

/** The JSON Schema of an event as published on its `analytics.<topic>` twin: no personal field survives. */
export const analyticsSchemaOf = (definition: EventDefinition): JsonSchema => ({
  ...scrub(clearSchemaOf(definition))!,
  $schema: JSON_SCHEMA_DRAFT,
  $id: analyticsSchemaUriOf(definition),
  title: `${definition.type} v${definition.version} (analytics)`,
  'x-topic': `analytics.${definition.topic}`,
});
