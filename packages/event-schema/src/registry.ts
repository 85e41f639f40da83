import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { TObject } from '@sinclair/typebox';
import { type EventDefinition } from './defineEvent';
import { registerFormats } from './formats';
import { personalFields, type PersonalField } from './personal';
import { locateField } from './fieldLocations';
import { isSealedValue, SealedValue } from './sealedValue';

export type SchemaViolation = { readonly path: string; readonly message: string };

export type EventRegistry = {
  readonly definitions: readonly EventDefinition[];
  /** Every version of one event type, oldest first; empty when the type is unknown. */
  versionsOf(type: string): readonly EventDefinition[];
  latest(type: string): EventDefinition | undefined;
  get(type: string, version: number): EventDefinition | undefined;
  /**
   * Schema violations of `data` against the latest version of `type` (or the given version). A personal field
   * may hold a sealed envelope instead of its clear value: the clear value was validated before sealing.
   */
  validate(type: string, data: unknown, version?: number): SchemaViolation[];
  /** Like `validate`, but every personal field must hold its clear value (what services check before sealing). */
  validateClear(type: string, data: unknown, version?: number): SchemaViolation[];
  /** Brings stored data of an older version up to the latest version, one upcaster at a time. */
  upcast(type: string, version: number, data: unknown): { version: number; data: Record<string, unknown> };
  personalPaths(type: string): readonly string[];
  /** Personal fields of the latest version of `type`, with whose data each is and what kind. */
  personalFields(type: string): readonly PersonalField[];
};

registerFormats();
const sealedCheck = TypeCompiler.Compile(SealedValue);

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
  const fieldsByType = new Map([...byType].map(([type, versions]) => [type, personalFields(versions.at(-1)!.schema)]));

  const violationsOf = (check: TypeCheck<TObject>, data: unknown, prefix = ''): SchemaViolation[] =>
    [...check.Errors(data)].map((e) => {
      const path = e.path.replace(/^\//, '').replace(/\//g, '.');
      return { path: (path ? prefix + path : prefix.replace(/\.$/, '')) || '(root)', message: e.message };
    });

  const validateClear = (type: string, data: unknown, version?: number): SchemaViolation[] => {
    const definition = version === undefined ? latest(type) : get(type, version);
    if (!definition) return [{ path: 'type', message: `unknown event type ${type}${version ? ` v${version}` : ''}` }];
    return violationsOf(checkFor(definition), data);
  };

  // A sealed personal field cannot be checked against its clear schema (that happened before sealing):
  // drop the clear-schema violations inside it and check the envelope instead.
  const validate = (type: string, data: unknown, version?: number): SchemaViolation[] => {
    const violations = validateClear(type, data, version);
    if (violations.length === 0) return violations;
    const definition = version === undefined ? latest(type) : get(type, version);
    if (!definition) return violations;
    const sealed = personalFields(definition.schema)
      .flatMap((field) => locateField(data, field.path))
      .filter((location) => isSealedValue(location.value));
    if (sealed.length === 0) return violations;
    const inside = (path: string) => sealed.some((s) => path === s.path || path.startsWith(`${s.path}.`));
    return [
      ...violations.filter((v) => !inside(v.path)),
      ...sealed.flatMap((s) => violationsOf(sealedCheck, s.value, `${s.path}.`)),
    ];
  };

  return {
    definitions,
    versionsOf,
    latest,
    get,
    validate,
    validateClear,
    upcast(type, version, data) {
      const versions = versionsOf(type);
      if (versions.length === 0) throw new Error(`unknown event type ${type}`);
      const newest = versions.at(-1)!.version;
      if (version >= newest) return { version: newest, data: data as Record<string, unknown> };
      let current = data as Record<string, unknown>;
      for (const next of versions.filter((d) => d.version > version)) current = next.upcast!(current);
      return { version: newest, data: current };
    },
    personalPaths: (type) => (fieldsByType.get(type) ?? []).map((f) => f.path),
    personalFields: (type) => fieldsByType.get(type) ?? [],
  };
};
