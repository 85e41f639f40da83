/** Money is integer fen (1/100 yuan) everywhere; these only format it for people. */

export const isFen = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** 5000000 → "50,000.00" (no floating point on the way). */
export const formatYuan = (fen: number): string => {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`;
};

/** The calendar date in China Standard Time (UTC+8, no daylight saving) of an instant. */
export const chinaDateOf = (instant: string): string =>
  new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 10);
