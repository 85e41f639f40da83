import { SEALED_VALUE_REF, sealedValueSchema, type JsonSchema } from '../publication/publishedSchema';

/** The shared definitions event schemas `$ref`, by the reference they are written with, without their header. */
const shared: Readonly<Record<string, JsonSchema>> = {
  [SEALED_VALUE_REF]: Object.fromEntries(
    Object.entries(sealedValueSchema).filter(([key]) => !['$schema', '$id', 'title', 'description'].includes(key)),
  ),
};

/**
 * A schema with every `$ref` to a shared definition replaced by that definition (the node's own annotations kept),
 * so that structural checks see what a reference accepts. An unknown `$ref` is an error, not a pass.
 */
export const inlineSharedRefs = (node: JsonSchema): JsonSchema => {
  if (Array.isArray(node)) return node.map((item) => inlineSharedRefs(item as JsonSchema)) as unknown as JsonSchema;
  if (typeof node !== 'object' || node === null) return node;
  const { $ref, ...rest } = node as Record<string, unknown>;
  const inlined = Object.fromEntries(
    Object.entries(rest).map(([key, value]) => [
      key,
      typeof value === 'object' && value !== null ? inlineSharedRefs(value as JsonSchema) : value,
    ]),
  );
  if ($ref === undefined) return inlined;
  const target = typeof $ref === 'string' ? shared[$ref] : undefined;
  if (!target)
    throw new Error(`cannot compare a schema that refers to ${JSON.stringify($ref)}: not a shared definition`);
  return { ...target, ...inlined };
};
