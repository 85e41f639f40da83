import rules from './rules/deadlines.json';
import type { Stage, Tier, Urgency } from './vocabulary';

type StageRule = { readonly from: 'opened' | 'accepted'; readonly minutes: number; readonly owner: Tier };
type UrgencyRule = Record<Stage, StageRule> & { readonly escalationStepMinutes: number };
export type DeadlineRules = { readonly ruleVersion: string; readonly urgencies: Record<Urgency, UrgencyRule> };

/** A deadline as recorded on the case (its due time is fixed when the stage starts, under one rule version). */
export type Due = { readonly stage: Stage; readonly dueAt: string; readonly owner: Tier };

export const defaultDeadlineRules = rules as DeadlineRules;

const plusMinutes = (at: string, minutes: number): string => new Date(Date.parse(at) + minutes * 60_000).toISOString();

/** Deadlines that start when a stage event happens ('opened' on opening or reopening, 'accepted' on acceptance). */
export const deadlinesFrom = (
  deadlineRules: DeadlineRules,
  urgency: Urgency,
  start: 'opened' | 'accepted',
  at: string,
  only?: readonly Stage[],
): Due[] => {
  const rule = deadlineRules.urgencies[urgency];
  return (Object.keys(rule) as (Stage | 'escalationStepMinutes')[])
    .filter((key): key is Stage => key !== 'escalationStepMinutes')
    .filter((stage) => rule[stage].from === start && (!only || only.includes(stage)))
    .map((stage) => ({ stage, dueAt: plusMinutes(at, rule[stage].minutes), owner: rule[stage].owner }));
};

const above: Record<Tier, readonly Tier[]> = {
  county: ['prefecture', 'province'],
  prefecture: ['province'],
  province: [],
};

/**
 * The escalation ladder of an overdue stage: the level above the owner is told as soon as the deadline passes,
 * each further level one escalation step later.
 */
export const escalationLadder = (
  deadlineRules: DeadlineRules,
  urgency: Urgency,
  due: Due,
): { readonly to: Tier; readonly at: string }[] =>
  above[due.owner].map((to, i) => ({
    to,
    at: plusMinutes(due.dueAt, i * deadlineRules.urgencies[urgency].escalationStepMinutes),
  }));

export const isAfter = (a: string, b: string): boolean => Date.parse(a) > Date.parse(b);
