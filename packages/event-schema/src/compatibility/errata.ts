import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSchema, type JsonSchema } from '../publication/publishedSchema';
import { checkSchemaCompatibility, type CompatibilityIssue } from './checkSchemaCompatibility';

/** One node of a published schema that was wrong about the wire, and what it said. */
export type Correction = {
  /** Data path of the field (dotted, `[]` for array items), as compatibility issues name it. */
  readonly path: string;
  /** JSON Pointer to the node inside the schema file. */
  readonly pointer: string;
  /** The node as first published. */
  readonly was: JsonSchema;
};

/** A published schema corrected in place, because it never described what its topic carried. */
export type Erratum = {
  /** The file, relative to packages/event-schema/schemas/. */
  readonly schema: string;
  readonly date: string;
  /** `sha256:<hex>` of the file's text as first published: the corrections, undone, must give it back. */
  readonly supersedes: string;
  readonly reason: string;
  readonly corrections: readonly Correction[];
};

/** The errata list, published with the schemas (packages/event-schema/schemas/errata.json). */
export const ERRATA_FILE = 'errata.json';

export const loadErrata = (file = join(__dirname, '../../schemas', ERRATA_FILE)): readonly Erratum[] =>
  (JSON.parse(readFileSync(file, 'utf8')) as { errata: Erratum[] }).errata;

export const sha256Of = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;

const unescape = (token: string) => token.replace(/~1/g, '/').replace(/~0/g, '~');

/** The schema as first published: `current` with each correction's node put back as it was. */
export const supersededSchemaOf = (current: JsonSchema, erratum: Erratum): JsonSchema => {
  const copy = structuredClone(current) as Record<string, unknown>;
  for (const { pointer, was } of erratum.corrections) {
    const tokens = pointer.split('/').slice(1).map(unescape);
    const last = tokens.pop();
    let parent: Record<string, unknown> = copy;
    for (const token of tokens) parent = parent[token] as Record<string, unknown>;
    if (last === undefined || !parent || !(last in parent))
      throw new Error(`${erratum.schema}: no node at ${pointer} to correct`);
    parent[last] = was;
  }
  return copy;
};

/**
 * What is wrong with publishing `next` in place of the published text `previous` (one version of one schema):
 * a published version changes only through an erratum, which must (1) supersede exactly that text, (2) give it
 * back when its corrections are undone, and (3) own every incompatibility the change brings, and nothing more.
 * An empty answer: the change may be published.
 */
export const checkRepublication = (previous: string, next: JsonSchema, erratum: Erratum | undefined): string[] => {
  if (previous === renderSchema(next)) return [];
  if (!erratum) return ['a published schema never changes: add version n+1 with an upcaster, or an erratum'];
  return checkErratum(next, erratum, previous);
};

/**
 * Checks one erratum against the corrected schema now published: the corrections undone give the text it
 * supersedes (and `previous`, when given), and the incompatibilities between the two are exactly the corrected
 * paths. Returns what does not hold.
 */
export const checkErratum = (corrected: JsonSchema, erratum: Erratum, previous?: string): string[] => {
  const problems: string[] = [];
  if (previous !== undefined && sha256Of(previous) !== erratum.supersedes)
    problems.push(`the published text is ${sha256Of(previous)}, the erratum supersedes ${erratum.supersedes}`);
  const superseded = supersededSchemaOf(corrected, erratum);
  if (sha256Of(renderSchema(superseded)) !== erratum.supersedes)
    problems.push('its corrections, undone, do not give back the text it supersedes');
  const issues: CompatibilityIssue[] = checkSchemaCompatibility(superseded, corrected);
  const owns = (issue: CompatibilityIssue, path: string) =>
    issue.path === path || issue.path.startsWith(`${path}.`) || issue.path.startsWith(`${path}[]`);
  for (const issue of issues.filter((i) => !erratum.corrections.some((c) => owns(i, c.path))))
    problems.push(`${issue.path}: ${issue.rule} (${issue.message}) is not a correction it lists`);
  for (const correction of erratum.corrections.filter((c) => !issues.some((i) => owns(i, c.path))))
    problems.push(`${correction.path}: listed as a correction, but nothing incompatible changed there`);
  return problems;
};
