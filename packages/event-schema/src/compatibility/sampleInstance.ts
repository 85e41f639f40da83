import RandExp from 'randexp';
import type { JsonSchema } from '../publication/publishedSchema';

export type SampleOptions = {
  /** Seeds the pseudo-random choices, so a failing sample can be reproduced. */
  readonly seed: number;
  /** Which optional properties to fill: every one, none, or a seeded half. */
  readonly optionals: 'all' | 'none' | 'some';
  /** Which variant of every union / enum to pick (modulo its size), so samples cover each of them. */
  readonly variant: number;
  /** Supplies a string for a field (e.g. a marker for personal data); undefined falls back to a generated one. */
  readonly stringFor?: (path: string, schema: JsonSchema) => string | undefined;
};

/** Small seeded generator (mulberry32): samples must be reproducible across runs. */
const randomOf = (seed: number) => {
  let state = seed >>> 0;
  return (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const asSchemas = (value: unknown): JsonSchema[] => (Array.isArray(value) ? (value as JsonSchema[]) : []);

/** One instance that the given JSON Schema accepts (within the keywords our event schemas use). */
export const sampleInstance = (schema: JsonSchema, options: SampleOptions): unknown => {
  const random = randomOf(options.seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[options.variant % items.length]!;

  const stringOf = (node: JsonSchema, path: string): string => {
    const supplied = options.stringFor?.(path, node);
    if (supplied !== undefined) return supplied;
    const day = new Date(Date.UTC(2000, 0, 1) + int(0, 26 * 365) * 86_400_000 + int(0, 86_399) * 1000);
    switch (node.format) {
      case 'date-time':
        return day.toISOString();
      case 'date':
        return day.toISOString().slice(0, 10);
      case 'uuid':
        return [8, 4, 4, 4, 12].map((n) => Array.from({ length: n }, () => int(0, 15).toString(16)).join('')).join('-');
      case 'email':
        return `user${int(1, 9999)}@example.org`;
      case 'uri':
        return `https://example.org/${int(1, 9999)}`;
    }
    if (typeof node.pattern === 'string') {
      const generator = new RandExp(node.pattern);
      generator.max = 4;
      generator.randInt = int;
      return generator.gen();
    }
    const min = Number(node.minLength ?? 1);
    const max = Math.min(Number(node.maxLength ?? min + 16), min + 4000);
    const text = `s${int(0, 1e9).toString(36)}`;
    // Boundary lengths are what catch a tightened bound, so one sample in three sits on each.
    const length = [max, min, int(min, max)][options.variant % 3]!;
    return text.padEnd(length, 'x').slice(0, length);
  };

  const numberOf = (node: JsonSchema, integer: boolean): number => {
    const low = node.minimum ?? (node.exclusiveMinimum === undefined ? 0 : Number(node.exclusiveMinimum) + 1);
    const high =
      node.maximum ?? (node.exclusiveMaximum === undefined ? Number(low) + 100 : Number(node.exclusiveMaximum) - 1);
    const [min, max] = [Math.ceil(Number(low)), Math.floor(Number(high))];
    const value = [max, min, int(min, max)][options.variant % 3]!;
    return integer ? value : value + 0.5 * Number(value < max);
  };

  const valueOf = (node: JsonSchema, path: string): unknown => {
    if ('const' in node) return node.const;
    if (Array.isArray(node.enum)) return pick(node.enum as unknown[]);
    const anyOf = asSchemas(node.anyOf ?? node.oneOf);
    if (anyOf.length > 0) return valueOf(pick(anyOf), path);
    const type = Array.isArray(node.type) ? pick(node.type as string[]) : node.type;
    switch (type) {
      case 'string':
        return stringOf(node, path);
      case 'integer':
        return numberOf(node, true);
      case 'number':
        return numberOf(node, false);
      case 'boolean':
        return random() < 0.5;
      case 'null':
        return null;
      case 'array': {
        const min = Number(node.minItems ?? 0);
        const max = Math.min(Number(node.maxItems ?? min + 2), min + 20);
        const count = options.optionals === 'none' ? min : [max, min, int(min, max)][options.variant % 3]!;
        return Array.from({ length: count }, () => valueOf((node.items ?? {}) as JsonSchema, `${path}[]`));
      }
      case 'object': {
        const required = new Set((node.required ?? []) as string[]);
        const properties = (node.properties ?? {}) as Record<string, JsonSchema>;
        const result: Record<string, unknown> = {};
        for (const [key, child] of Object.entries(properties)) {
          const fill =
            required.has(key) || options.optionals === 'all' || (options.optionals === 'some' && random() < 0.5);
          if (fill) result[key] = valueOf(child, path ? `${path}.${key}` : key);
        }
        return result;
      }
      default:
        return null;
    }
  };
  return valueOf(schema, '');
};

/** Several instances covering every optional field present, none present, and each union / enum variant. */
export const sampleInstances = (schema: JsonSchema, count = 12, stringFor?: SampleOptions['stringFor']): unknown[] =>
  Array.from({ length: count }, (_, i) =>
    sampleInstance(schema, {
      seed: 7919 * (i + 1),
      optionals: i === 0 ? 'all' : i === 1 ? 'none' : 'some',
      variant: i,
      ...(stringFor ? { stringFor } : {}),
    }),
  );
