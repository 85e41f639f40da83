import { plusMinutes, resolveDeadlines, type DeadlineTable, type Rung } from '@carebridge/deadlines';
import table from './rules/deadlines.json';
import { stages, urgencies, type Stage, type Tier, type Urgency } from './vocabulary';

type StageRule = { readonly from: 'opened' | 'accepted'; readonly minutes: number; readonly owner: Tier };
type UrgencyRule = Record<Stage, StageRule> & { readonly escalationStepMinutes: number };
export type DeadlineRules = { readonly ruleVersion: string; readonly urgencies: Record<Urgency, UrgencyRule> };

/** A deadline as recorded on the case (its due time is fixed when the stage starts, under one rule version). */
export type Due = { readonly stage: Stage; readonly dueAt: string; readonly owner: Tier };

type RuleName = `${Urgency}.${Stage | 'escalationStep'}`;
type HotlineTable = DeadlineTable<RuleName> & {
  readonly stages: Record<Stage, { readonly from: 'opened' | 'accepted'; readonly owner: Tier }>;
};

/** The hotline's view of its rule table: per urgency, each stage's limit and owner, and the escalation step. */
const rulesOf = (published: HotlineTable, env: Readonly<Record<string, string | undefined>>): DeadlineRules => {
  const resolved = resolveDeadlines('hotline', published, env);
  const urgencyRule = (urgency: Urgency): UrgencyRule => {
    const minutes = (rule: Stage | 'escalationStep') => resolved.rules[`${urgency}.${rule}`].minutes;
    const perStage = Object.fromEntries(
      stages.map((stage) => [stage, { ...published.stages[stage], minutes: minutes(stage) }]),
    ) as Record<Stage, StageRule>;
    return { ...perStage, escalationStepMinutes: minutes('escalationStep') };
  };
  return {
    ruleVersion: resolved.ruleVersion,
    urgencies: Object.fromEntries(urgencies.map((u) => [u, urgencyRule(u)])) as Record<Urgency, UrgencyRule>,
  };
};

/** The published rules (rules/deadlines.json), every figure a deployment default. */
export const defaultDeadlineRules: DeadlineRules = rulesOf(table as HotlineTable, {});

/** The rules in force: the published ones with the operator's DEADLINE_HOTLINE_* overrides. */
export const deadlineRulesFrom = (env: Readonly<Record<string, string | undefined>>): DeadlineRules =>
  rulesOf(table as HotlineTable, env);

/** Deadlines that start when a stage event happens ('opened' on opening or reopening, 'accepted' on acceptance). */
export const deadlinesFrom = (
  deadlineRules: DeadlineRules,
  urgency: Urgency,
  start: 'opened' | 'accepted',
  at: string,
  only?: readonly Stage[],
): Due[] => {
  const rule = deadlineRules.urgencies[urgency];
  return stages
    .filter((stage) => rule[stage].from === start && (!only || only.includes(stage)))
    .map((stage) => ({ stage, dueAt: plusMinutes(at, rule[stage].minutes), owner: rule[stage].owner }));
};

/** What a stage climbs once its deadline passes: the breach itself, then the tiers above its owner. */
export type DeadlineLevel = 'breached' | Tier;

const above: Record<Tier, readonly Tier[]> = {
  county: ['prefecture', 'province'],
  prefecture: ['province'],
  province: [],
};

/**
 * The escalation ladder of a stage: breached as soon as the deadline passes, the level above the owner told at
 * the same moment, each further level one escalation step later.
 */
export const escalationLadder = (deadlineRules: DeadlineRules, urgency: Urgency, due: Due): Rung<DeadlineLevel>[] => [
  { level: 'breached', afterMinutes: 0 },
  ...above[due.owner].map((level, i) => ({
    level,
    afterMinutes: i * deadlineRules.urgencies[urgency].escalationStepMinutes,
  })),
];

export const isAfter = (a: string, b: string): boolean => Date.parse(a) > Date.parse(b);
