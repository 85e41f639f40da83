import { plusMinutes, resolveDeadlines, type DeadlineTable } from '@carebridge/deadlines';

/** How long a closed case's record is kept before its record key is destroyed (the retention purge). */
export type RetentionRule = { readonly ruleVersion: string; readonly closedCaseMinutes: number };

const RETENTION_RULE = 'retention.closedCase';

/**
 * The published figure. No seed text gives one (the Qinghai notice sets no retention period), so it
 * is a deployment default with its reason, never presented as the notice's rule.
 */
export const retentionTable: DeadlineTable<typeof RETENTION_RULE> = {
  ruleVersion: 'hotline-retention/1',
  rules: {
    [RETENTION_RULE]: {
      minutes: 3 * 365 * 24 * 60,
      provenance: {
        source: 'deployment-default',
        reason:
          'The Qinghai notice (seed 000) sets no retention period for hotline records, and no other seed text does. Three years after closure is the deployment default: long enough for a reopening, a complaint about the handling or a repeat call about the same child to find the record, and no longer than that. The operator sets the period the province’s records rules require.',
      },
    },
  },
};

/** The rule in force: the published default, or the operator's DEADLINE_HOTLINE_RETENTION_CLOSED_CASE_MINUTES. */
export const retentionRuleFrom = (env: Readonly<Record<string, string | undefined>> = {}): RetentionRule => {
  const resolved = resolveDeadlines('hotline', retentionTable, env);
  return { ruleVersion: resolved.ruleVersion, closedCaseMinutes: resolved.rules[RETENTION_RULE].minutes };
};

export const defaultRetentionRule: RetentionRule = retentionRuleFrom();

/** Whether a case closed at `closedAt` is past a retention of `minutes` at `now` (strictly after, like deadlines). */
export const retentionEnded = (closedAt: string, minutes: number, now: string): boolean =>
  Date.parse(now) > Date.parse(plusMinutes(closedAt, minutes));

/** Cases closed before this instant are past their retention at `now`. */
export const retentionCutoff = (rule: RetentionRule, now: Date): string =>
  new Date(now.getTime() - rule.closedCaseMinutes * 60_000).toISOString();
