import fc from 'fast-check';
import { levelsDue, nextCheckAt, type Deadline, type Rung } from './escalation';
import { plusMinutes } from './rules';

type Level = 'breach' | 'county' | 'prefecture' | 'province' | 'agency';
const DUE = '2026-01-01T00:00:00.000Z';
const minute = (n: number): string => plusMinutes(DUE, n);

/** Ladders of distinct levels, each at 0..600 minutes past the due time, in any order. */
const ladders = fc
  .uniqueArray(fc.constantFrom<Level>('breach', 'county', 'prefecture', 'province', 'agency'), {
    minLength: 1,
    maxLength: 5,
  })
  .chain((levels) =>
    fc
      .array(fc.integer({ min: 0, max: 600 }), { minLength: levels.length, maxLength: levels.length })
      .map((offsets): Rung<Level>[] => levels.map((level, i) => ({ level, afterMinutes: offsets[i]! }))),
  )
  .map((ladder): Deadline<Level> => ({ dueAt: DUE, ladder }));
/** Watcher passes at increasing times (minutes past the due time, some before it), as a watcher that may stop. */
const passes = fc
  .uniqueArray(fc.integer({ min: -60, max: 900 }), { minLength: 1, maxLength: 12 })
  .map((times) => [...times].sort((a, b) => a - b));

/** Runs the passes, recording what each acted on as reached: what a programme's watcher does. */
const watch = (deadline: Deadline<Level>, times: readonly number[]) => {
  const reached: Level[] = [];
  const acted: { level: Level; at: number }[] = [];
  for (const at of times) {
    for (const level of levelsDue(deadline, reached, minute(at))) {
      reached.push(level);
      acted.push({ level, at });
    }
  }
  return acted;
};
const rungAt = (deadline: Deadline<Level>, level: Level): number =>
  deadline.ladder.find((r) => r.level === level)!.afterMinutes;

describe('levelsDue over generated ladders and passes', () => {
  test('each level at most once, however many passes look', () =>
    fc.assert(
      fc.property(ladders, passes, (deadline, times) => {
        const levels = watch(deadline, times).map((a) => a.level);
        expect(new Set(levels).size).toBe(levels.length);
      }),
    ));

  test('after the last pass, exactly the levels whose time has passed were reached', () =>
    fc.assert(
      fc.property(ladders, passes, (deadline, times) => {
        const last = times[times.length - 1]!;
        const expected = deadline.ladder.filter((r) => r.afterMinutes < last).map((r) => r.level);
        expect(new Set(watch(deadline, times).map((a) => a.level))).toEqual(new Set(expected));
      }),
    ));

  test('a level comes at the first pass after its time: never early, never skipped to a later pass', () =>
    fc.assert(
      fc.property(ladders, passes, (deadline, times) => {
        for (const { level, at } of watch(deadline, times)) {
          const time = rungAt(deadline, level);
          expect(at).toBeGreaterThan(time);
          expect(times.find((t) => t > time)).toBe(at);
        }
      }),
    ));

  test('catch-up: one pass after downtime reaches, in ladder order, what every missed pass would have', () =>
    fc.assert(
      fc.property(ladders, passes, (deadline, times) => {
        const last = times[times.length - 1]!;
        const once = levelsDue(deadline, [], minute(last));
        expect(new Set(once)).toEqual(new Set(watch(deadline, times).map((a) => a.level)));
        const ladderOrder = deadline.ladder.map((r) => r.level).filter((l) => once.includes(l));
        expect(once).toEqual(ladderOrder);
      }),
    ));

  test('levels reached elsewhere (another stage, an earlier pass) are never reported again', () =>
    fc.assert(
      fc.property(ladders, fc.integer({ min: -60, max: 900 }), fc.integer({ min: 0, max: 31 }), (d, at, mask) => {
        const reached = d.ladder.map((r) => r.level).filter((_, i) => (mask >> i) & 1);
        for (const level of levelsDue(d, reached, minute(at))) expect(reached).not.toContain(level);
      }),
    ));

  test('nextCheckAt: nothing is due at it, something is due just after it, undefined once all are reached', () =>
    fc.assert(
      fc.property(ladders, fc.integer({ min: 0, max: 31 }), (deadline, mask) => {
        const reached = deadline.ladder.map((r) => r.level).filter((_, i) => (mask >> i) & 1);
        const next = nextCheckAt(deadline, reached);
        if (reached.length === deadline.ladder.length) return expect(next).toBeUndefined();
        expect(next).toBeDefined();
        expect(levelsDue(deadline, reached, next!)).toEqual([]);
        const justAfter = new Date(Date.parse(next!) + 1).toISOString();
        expect(levelsDue(deadline, reached, justAfter).length).toBeGreaterThan(0);
      }),
    ));
});

describe('levelsDue at the edges', () => {
  const ladder: Deadline<Level> = {
    dueAt: DUE,
    ladder: [
      { level: 'breach', afterMinutes: 0 },
      { level: 'prefecture', afterMinutes: 0 },
      { level: 'province', afterMinutes: 60 },
    ],
  };
  test.each<[string, number, Level[], Level[]]>([
    ['nothing exactly at the due time', 0, [], []],
    ['breach and the first level just after it', 0.001, [], ['breach', 'prefecture']],
    ['the next level one step later', 61, ['breach', 'prefecture'], ['province']],
    ['all at once after downtime', 600, [], ['breach', 'prefecture', 'province']],
    ['nothing once the ladder is done', 6000, ['breach', 'prefecture', 'province'], []],
  ])('%s', (_name, at, reached, expected) => expect(levelsDue(ladder, reached, minute(at))).toEqual(expected));
});
