/**
 * Where a time limit comes from. A seed rule quotes the text that sets it; a deployment default says why the
 * figure was chosen where no text gives one, and an operator may change it by environment.
 */
export type Provenance =
  | { readonly source: 'seed'; readonly citation: string }
  | { readonly source: 'deployment-default'; readonly reason: string; readonly setBy?: string };

/** One time limit of a programme, in minutes, with its provenance. */
export type DeadlineRule = { readonly minutes: number; readonly provenance: Provenance };

/** A programme's time limits by name (e.g. `emergency.acceptance`), published under one rule version. */
export type DeadlineTable<K extends string = string> = {
  readonly ruleVersion: string;
  readonly rules: Readonly<Record<K, DeadlineRule>>;
};

export class DeadlineConfigError extends Error {
  override readonly name = 'DeadlineConfigError';
}

const envPart = (text: string): string =>
  text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();

/** The variable that overrides one rule: `DEADLINE_<PROGRAMME>_<RULE>_MINUTES`, e.g. DEADLINE_HOTLINE_EMERGENCY_ACCEPTANCE_MINUTES. */
export const deadlineEnvName = (programme: string, rule: string): string =>
  `DEADLINE_${envPart(programme)}_${envPart(rule)}_MINUTES`;

const checkRule = (name: string, rule: DeadlineRule): void => {
  if (!Number.isSafeInteger(rule.minutes) || rule.minutes < 0)
    throw new DeadlineConfigError(`deadline ${name}: minutes must be a whole number >= 0, got ${rule.minutes}`);
  const p = rule.provenance;
  const text = p?.source === 'seed' ? p.citation : p?.source === 'deployment-default' ? p.reason : undefined;
  if (!text?.trim())
    throw new DeadlineConfigError(`deadline ${name}: a seed rule needs its citation, a deployment default its reason`);
};

/**
 * The table in force: the published one with deployment defaults replaced where the environment sets them. A seed
 * rule is not an operator's to change (a new edition of the rules is published instead), so an override of one
 * is refused at start rather than silently applied. Overrides show in the rule version, which events carry.
 */
export const resolveDeadlines = <K extends string>(
  programme: string,
  table: DeadlineTable<K>,
  env: Readonly<Record<string, string | undefined>> = {},
): DeadlineTable<K> => {
  const rules = {} as Record<K, DeadlineRule>;
  const overridden: string[] = [];
  for (const name of Object.keys(table.rules) as K[]) {
    const rule = table.rules[name];
    checkRule(name, rule);
    const variable = deadlineEnvName(programme, name);
    const raw = env[variable];
    if (raw === undefined || raw.trim() === '') {
      rules[name] = rule;
      continue;
    }
    if (rule.provenance.source === 'seed')
      throw new DeadlineConfigError(
        `${variable}: ${programme} ${name} is a seed rule ("${rule.provenance.citation}"); publish a new rule edition instead`,
      );
    const minutes = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(minutes))
      throw new DeadlineConfigError(`${variable}: must be a whole number of minutes, got "${raw}"`);
    rules[name] = { minutes, provenance: { ...rule.provenance, setBy: variable } };
    overridden.push(`${name}=${minutes}`);
  }
  const ruleVersion = overridden.length ? `${table.ruleVersion}+env(${overridden.join(',')})` : table.ruleVersion;
  return { ruleVersion, rules };
};

/** The moment a limit of `minutes` counted from `from` runs out. */
export const plusMinutes = (from: string, minutes: number): string =>
  new Date(Date.parse(from) + minutes * 60_000).toISOString();
