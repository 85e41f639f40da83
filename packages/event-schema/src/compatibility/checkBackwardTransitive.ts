import type { EventRegistry } from '../registry';
import { clearSchemaOf, publishedSchemaOf } from '../publication/publishedSchema';
import { checkSchemaCompatibility, type CompatibilityIssue } from './checkSchemaCompatibility';
import { sampleInstances } from './sampleInstance';

export type TransitiveIssue = {
  readonly type: string;
  /** The older version whose events the latest version would fail to read. */
  readonly fromVersion: number;
  readonly toVersion: number;
  readonly path: string;
  readonly rule: CompatibilityIssue['rule'] | 'sample-rejected';
  readonly message: string;
};

/** Paths where two JSON values differ: a key added or dropped, a value changed (arrays item by item). */
const differingPaths = (before: unknown, after: unknown, path: string, into: Set<string>): void => {
  const isRecord = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isRecord(before) && isRecord(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const at = path ? `${path}.${key}` : key;
      if (!(key in before) || !(key in after)) into.add(at);
      else differingPaths(before[key], after[key], at, into);
    }
  } else if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    before.forEach((item, i) => differingPaths(item, after[i], `${path}[]`, into));
  } else if (JSON.stringify(before) !== JSON.stringify(after)) {
    into.add(path);
  }
};

/**
 * BACKWARD_TRANSITIVE for one event type: data valid under EACH older version, upcast through the chain,
 * must be valid under the latest. Checked two ways: structurally on the JSON Schema pair (waiving the
 * paths the upcasters rewrite), and on generated instances of the older version, upcast and validated.
 */
export const checkBackwardTransitive = (registry: EventRegistry, type: string, samples = 16): TransitiveIssue[] => {
  const latest = registry.latest(type);
  if (!latest) throw new Error(`unknown event type ${type}`);
  const issues: TransitiveIssue[] = [];
  for (const older of registry.versionsOf(type).filter((d) => d.version < latest.version)) {
    const from = { type, fromVersion: older.version, toVersion: latest.version };
    const owned = new Set<string>();
    for (const instance of sampleInstances(clearSchemaOf(older), samples)) {
      const invalid = registry.validateClear(type, instance, older.version);
      if (invalid.length > 0)
        throw new Error(`sampler made an invalid ${type} v${older.version}: ${JSON.stringify(invalid)}`);
      const upcast = registry.upcast(type, older.version, structuredClone(instance)).data;
      differingPaths(instance, upcast, '', owned);
      for (const v of registry.validateClear(type, upcast)) {
        issues.push({
          ...from,
          path: v.path,
          rule: 'sample-rejected',
          message: `${v.message} (sample ${JSON.stringify(instance)})`,
        });
      }
    }
    const ownedPaths = [...owned];
    const upcasterOwns = (path: string) =>
      ownedPaths.some((o) => path === o || path.startsWith(`${o}.`) || path.startsWith(`${o}[]`));
    // Structurally, on the clear data (what upcasters read) and on the wire (personal fields sealed), so that a
    // field that stops or starts being personal is seen too.
    const seen = new Set<string>();
    for (const schemaOf of [clearSchemaOf, publishedSchemaOf]) {
      for (const issue of checkSchemaCompatibility(schemaOf(older), schemaOf(latest), { upcasterOwns })) {
        if (seen.has(`${issue.path} ${issue.rule}`)) continue;
        seen.add(`${issue.path} ${issue.rule}`);
        issues.push({ ...from, ...issue });
      }
    }
  }
  return issues;
};
