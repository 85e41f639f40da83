import { plusMinutes } from './rules';

/** One level of an escalation ladder, reached `afterMinutes` past the due time (0: as soon as it passes). */
export type Rung<L extends string> = { readonly level: L; readonly afterMinutes: number };

/** A deadline as the watcher sees it: when it falls due and the levels it climbs once it has passed. */
export type Deadline<L extends string> = { readonly dueAt: string; readonly ladder: readonly Rung<L>[] };

const after = (a: string, b: string): boolean => Date.parse(a) > Date.parse(b);

/**
 * The levels to act on now: each rung whose time has passed (strictly: at the due minute itself nothing is late
 * yet) and whose level is not reached yet. After downtime every rung passed meanwhile comes at once, in ladder
 * order; a level reached never comes again, so the caller records what it acted on as reached.
 */
export const levelsDue = <L extends string>(deadline: Deadline<L>, reached: Iterable<L>, now: string): L[] => {
  const done = new Set(reached);
  const due: L[] = [];
  for (const rung of deadline.ladder) {
    if (done.has(rung.level) || !after(now, plusMinutes(deadline.dueAt, rung.afterMinutes))) continue;
    done.add(rung.level);
    due.push(rung.level);
  }
  return due;
};

/** When a level not yet reached next falls due; undefined when the whole ladder is done. */
export const nextCheckAt = <L extends string>(deadline: Deadline<L>, reached: Iterable<L>): string | undefined => {
  const done = new Set(reached);
  const times = deadline.ladder
    .filter((rung) => !done.has(rung.level))
    .map((rung) => Date.parse(plusMinutes(deadline.dueAt, rung.afterMinutes)));
  return times.length ? new Date(Math.min(...times)).toISOString() : undefined;
};
