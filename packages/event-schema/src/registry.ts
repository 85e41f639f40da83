import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { TObject } from '@sinclair/typebox';
import { type EventDefinition } from './defineEvent';
import { personalPaths } from './personal';

export type SchemaViolation = { readonly path: string; readonly message: string };

export type EventRegistry = {
  readonly definitions: readonly EventDefinition[];
  /** Every version of one event type, oldest first; empty when the type is unknown. */
  versionsOf(type: string): readonly EventDefinition[];
  latest(type: string): EventDefinition | undefined;
  get(type: string, version: number): EventDefinition | undefined;
  /** Schema violations of `data` against the latest version of `type` (or the given version). */
  validate(type: string, data: unknown, version?: number): SchemaViolation[];
  /** Brings stored data of an older version up to the latest version, one upcaster at a time. */
  upcast(type: string, version: number, data: unknown): { version: number; data: Record<string, unknown> };
  personalPaths(type: string): readonly string[];
};

export const createEventRegistry = (definitions: readonly EventDefinition[]): EventRegistry => {
  const byType = new Map<string, EventDefinition[]>();
  const checks = new Map<EventDefinition, TypeCheck<TObject>>();
  for (const definition of definitions) {
    const versions = byType.get(definition.type) ?? [];
    if (versions.some((v) => v.version === definition.version)) {
      throw new Error(`${definition.type} v${definition.version} is defined twice`);
    }
    versions.push(definition);
    versions.sort((a, b) => a.version - b.version);
    byType.set(definition.type, versions);
  }
  for (const [type, versions] of byType) {
    versions.forEach((v, i) => {
      if (v.version !== i + 1) throw new Error(`${type} versions must run 1..n without gaps`);
    });
  }
  const checkFor = (definition: EventDefinition): TypeCheck<TObject> => {
    let check = checks.get(definition);
    if (!check) {
      check = TypeCompiler.Compile(definition.schema);
      checks.set(definition, check);
    }
    return check;
  };
  const versionsOf = (type: string) => byType.get(type) ?? [];
  const latest = (type: string) => versionsOf(type).at(-1);
  const get = (type: string, version: number) => versionsOf(type).find((d) => d.version === version);
  const personalByType = new Map([...byType].map(([type, versions]) => [type, personalPaths(versions.at(-1)!.schema)]));

  return {
    definitions,
    versionsOf,
    latest,
    get,
    validate(type, data, version) {
      const definition = version === undefined ? latest(type) : get(type, version);
      if (!definition) return [{ path: 'type', message: `unknown event type ${type}${version ? ` v${version}` : ''}` }];
      return [...checkFor(definition).Errors(data)].map((e) => ({
        path: e.path.replace(/^\//, '').replace(/\//g, '.') || '(root)',
        message: e.message,
      }));
    },
    upcast(type, version, data) {
      const versions = versionsOf(type);
      if (versions.length === 0) throw new Error(`unknown event type ${type}`);
      let current = data as Record<string, unknown>;
      for (const next of versions.filter((d) => d.version > version)) current = next.upcast!(current);
      return { version: versions.at(-1)!.version, data: current };
    },
    personalPaths: (type) => personalByType.get(type) ?? [],
  };
};
