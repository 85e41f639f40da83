import type { HotlineCaseRow } from './hotlineCases';
import type { ReferralRow } from './referralConversion';
import type { ReliefApplicationRow } from './reliefApplications';

export type FundUse = {
  readonly city: string;
  readonly standard: string;
  readonly applications: number;
  readonly approved: number;
  readonly approvedFen: number;
  readonly paid: number;
  readonly paidFen: number;
  readonly releasedFen: number;
};

export type HotlineCell = {
  readonly prefecture: string;
  readonly caseType: string;
  readonly status: string;
  readonly cases: number;
  /** Cases with at least one stage done late or breached. */
  readonly breached: number;
  /** Share of cases that met every deadline so far, 0..1. */
  readonly compliance: number;
};

export type ConversionStage = { readonly count: number; readonly medianHoursFromPrevious?: number };

export type Conversion = {
  readonly to: string;
  readonly referred: number;
  readonly applied: ConversionStage;
  readonly approved: ConversionStage;
  readonly paid: ConversionStage;
  readonly closedWithoutHelp: number;
};

const groupBy = <T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(keyOf(row), [...(groups.get(keyOf(row)) ?? []), row]);
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b)));
};

const sum = <T>(rows: readonly T[], of: (row: T) => number): number => rows.reduce((n, r) => n + of(r), 0);

export const fundUseOf = (rows: readonly ReliefApplicationRow[]): FundUse[] =>
  [...groupBy(rows, (r) => `${r.city ?? 'unknown'}|${r.standard ?? 'unknown'}`).values()].map((group) => ({
    city: group[0]!.city ?? 'unknown',
    standard: group[0]!.standard ?? 'unknown',
    applications: group.length,
    approved: group.filter((r) => r.approvedFen > 0).length,
    approvedFen: sum(group, (r) => r.approvedFen),
    paid: group.filter((r) => r.paidFen > 0).length,
    paidFen: sum(group, (r) => r.paidFen),
    releasedFen: sum(group, (r) => r.releasedFen),
  }));

export const hotlineCellsOf = (rows: readonly HotlineCaseRow[]): HotlineCell[] =>
  [...groupBy(rows, (r) => `${r.prefecture}|${r.caseType}|${r.status}`).values()].map((group) => {
    const breached = group.filter((r) => r.breachedStages.length > 0).length;
    return {
      prefecture: group[0]!.prefecture,
      caseType: group[0]!.caseType,
      status: group[0]!.status,
      cases: group.length,
      breached,
      compliance: (group.length - breached) / group.length,
    };
  });

const median = (values: readonly number[]): number | undefined => {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const hoursBetween = (from: string | undefined, to: string | undefined): number | undefined =>
  from && to ? Math.round(((Date.parse(to) - Date.parse(from)) / 3_600_000) * 100) / 100 : undefined;

const stage = (
  rows: readonly ReferralRow[],
  from: (r: ReferralRow) => string | undefined,
  to: (r: ReferralRow) => string | undefined,
): ConversionStage => {
  const reached = rows.filter((r) => to(r) !== undefined);
  const m = median(reached.map((r) => hoursBetween(from(r), to(r))).filter((h): h is number => h !== undefined));
  return { count: reached.length, ...(m !== undefined ? { medianHoursFromPrevious: m } : {}) };
};

export const conversionOf = (rows: readonly ReferralRow[]): Conversion[] =>
  [...groupBy(rows, (r) => r.to).values()].map((group) => ({
    to: group[0]!.to,
    referred: group.length,
    applied: stage(
      group,
      (r) => r.referredAt,
      (r) => r.appliedAt,
    ),
    approved: stage(
      group,
      (r) => r.appliedAt,
      (r) => r.approvedAt,
    ),
    paid: stage(
      group,
      (r) => r.approvedAt,
      (r) => r.paidAt,
    ),
    closedWithoutHelp: group.filter((r) => r.closedAs !== undefined).length,
  }));
