import { localMinuteOfDay, localWeekday, splitByLocalDay, type Span } from './time';

/** One recurring weekly slot, local time: weekday 1 (Monday) … 7 (Sunday), `HH:MM` to `HH:MM` (24:00 allowed). */
export type WeeklySlot = { readonly weekday: number; readonly from: string; readonly to: string };

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export const minuteOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Problems of one slot, keyed by the sub-field, so the API can name each bad field. */
export const slotProblems = (slot: WeeklySlot): { field: string; description: string }[] => {
  const problems: { field: string; description: string }[] = [];
  if (!Number.isInteger(slot.weekday) || slot.weekday < 1 || slot.weekday > 7) {
    problems.push({ field: 'weekday', description: 'must be 1 (Monday) to 7 (Sunday)' });
  }
  const fromOk = HHMM.test(slot.from);
  const toOk = HHMM.test(slot.to);
  if (!fromOk) problems.push({ field: 'from', description: 'must be HH:MM' });
  if (!toOk) problems.push({ field: 'to', description: 'must be HH:MM (24:00 for midnight)' });
  if (fromOk && toOk && minuteOf(slot.to) <= minuteOf(slot.from)) {
    problems.push({ field: 'to', description: 'must be after from' });
  }
  return problems;
};

/** Minute ranges per weekday, merged where slots touch, so 08:00-12:00 + 12:00-18:00 covers 10:00-14:00. */
export type WeeklyCalendar = ReadonlyMap<number, readonly (readonly [number, number])[]>;

export const weeklyCalendar = (slots: readonly WeeklySlot[]): WeeklyCalendar => {
  const byDay = new Map<number, [number, number][]>();
  for (const slot of slots) {
    const ranges = byDay.get(slot.weekday) ?? [];
    ranges.push([minuteOf(slot.from), minuteOf(slot.to)]);
    byDay.set(slot.weekday, ranges);
  }
  for (const [day, ranges] of byDay) {
    ranges.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const range of ranges) {
      const last = merged.at(-1);
      if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
      else merged.push([range[0], range[1]]);
    }
    byDay.set(day, merged);
  }
  return byDay;
};

/** True when every minute of the span falls in the volunteer's weekly availability. */
export const covers = (calendar: WeeklyCalendar, span: Span): boolean =>
  splitByLocalDay(span).every((piece) => {
    const from = localMinuteOfDay(piece.start);
    const to = from + Math.round((piece.end - piece.start) / 60000);
    return (calendar.get(localWeekday(piece.start)) ?? []).some(([a, b]) => a <= from && to <= b);
  });
