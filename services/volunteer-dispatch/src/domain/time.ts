/**
 * Dispatch thinks in China Standard Time (UTC+8, no daylight saving): a volunteer's "Tuesday 14:00-18:00"
 * and "eight hours a day" are local. A fixed offset keeps this pure and exact without a time-zone database.
 */
const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export type Window = { readonly start: string; readonly end: string };
/** A window as epoch milliseconds, for arithmetic. */
export type Span = { readonly start: number; readonly end: number };

export const toSpan = (window: Window): Span => ({ start: Date.parse(window.start), end: Date.parse(window.end) });

export const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;

/** Local calendar day, e.g. `2020-02-14`. */
export const localDay = (ms: number): string => new Date(ms + OFFSET_MS).toISOString().slice(0, 10);

/** ISO weekday of the local day: 1 = Monday … 7 = Sunday. */
export const localWeekday = (ms: number): number => {
  const day = new Date(ms + OFFSET_MS).getUTCDay();
  return day === 0 ? 7 : day;
};

/** Minutes since local midnight. */
export const localMinuteOfDay = (ms: number): number => Math.floor(((ms + OFFSET_MS) % DAY_MS) / 60000);

/** Epoch ms of the local midnight that starts the day of `ms`. */
export const localMidnight = (ms: number): number => ms - ((((ms + OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS);

/** Local Monday that starts the week of `ms`, as a day string: the key of "hours this week". */
export const localWeek = (ms: number): string => localDay(localMidnight(ms) - (localWeekday(ms) - 1) * DAY_MS);

/** Cuts a span at local midnights: each piece lies within one local day. */
export const splitByLocalDay = (span: Span): Span[] => {
  const pieces: Span[] = [];
  let start = span.start;
  while (start < span.end) {
    const nextMidnight = localMidnight(start) + DAY_MS;
    const end = Math.min(span.end, nextMidnight);
    pieces.push({ start, end });
    start = end;
  }
  return pieces;
};

export const minutesOf = (span: Span): number => Math.round((span.end - span.start) / 60000);
