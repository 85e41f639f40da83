import { isCategoryCode } from './categories';
import { isInChina, townOf } from './geography';
import type { ServiceItemContent, Violation } from './types';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-4]):([0-5]\d)$/;
const PHONE = /^[0-9+\-() ]{3,30}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const isDay = (value: string): boolean => {
  const m = DAY.exec(value);
  if (!m) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
};

const text = (out: Violation[], field: string, value: string | undefined, max: number, required: boolean) => {
  const v = value?.trim() ?? '';
  if (required && v === '') out.push({ field, description: 'is required' });
  else if (v.length > max) out.push({ field, description: `must be at most ${max} characters` });
};

/**
 * Every problem of an item's content at once (the caller fixes them in one go). `county` is the county the
 * organisation serves: the towns an item covers must lie in it.
 */
export const validateServiceItem = (item: ServiceItemContent, county: string): Violation[] => {
  const out: Violation[] = [];
  if (!isCategoryCode(item.category)) {
    out.push({
      field: 'category',
      description: `"${item.category}" is not one of the ten categories (education, culture, sport, economy, health, religion, social_services, scientific_research, community_services, other)`,
    });
  }
  text(out, 'title.zh', item.title.zh, 200, true);
  text(out, 'title.en', item.title.en, 200, false);
  text(out, 'description.zh', item.description.zh, 4000, true);
  text(out, 'description.en', item.description.en, 4000, false);

  const { minAge, maxAge, situations } = item.eligibility;
  for (const [field, age] of [
    ['eligibility.min_age', minAge],
    ['eligibility.max_age', maxAge],
  ] as const) {
    if (age !== undefined && (!Number.isInteger(age) || age < 0 || age > 150))
      out.push({ field, description: 'must be a whole number of years from 0 to 150' });
  }
  if (minAge !== undefined && maxAge !== undefined && maxAge < minAge)
    out.push({ field: 'eligibility.max_age', description: `is below min_age ${minAge}` });
  situations.forEach((s, i) => text(out, `eligibility.situations[${i}]`, s, 200, true));

  if (item.coverage.towns.length === 0)
    out.push({ field: 'coverage.towns', description: 'name at least one town or street the item serves' });
  item.coverage.towns.forEach((code, i) => {
    const town = townOf(code);
    if (!town) out.push({ field: `coverage.towns[${i}]`, description: `${code} is not a known town or street code` });
    else if (town.county !== county)
      out.push({ field: `coverage.towns[${i}]`, description: `${town.name} (${code}) is not in county ${county}` });
  });
  item.coverage.communities.forEach((code, i) => {
    if (!/^\d{12}$/.test(code))
      out.push({ field: `coverage.communities[${i}]`, description: 'must be a twelve-digit community code' });
    else if (!item.coverage.towns.includes(code.slice(0, 9)))
      out.push({ field: `coverage.communities[${i}]`, description: `${code} is not in a covered town` });
  });

  item.locations.forEach((location, i) => {
    text(out, `locations[${i}].name`, location.name, 200, true);
    text(out, `locations[${i}].address`, location.address, 300, false);
    if (!isInChina(location.latitude, location.longitude)) {
      const where = `(${location.latitude}, ${location.longitude})`;
      const latOk = location.latitude >= 3.8 && location.latitude <= 53.6;
      const lngOk = location.longitude >= 73.5 && location.longitude <= 135.1;
      if (!latOk)
        out.push({
          field: `locations[${i}].latitude`,
          description: `${where} is outside China (latitude 3.8 to 53.6)`,
        });
      if (!lngOk)
        out.push({
          field: `locations[${i}].longitude`,
          description: `${where} is outside China (longitude 73.5 to 135.1)`,
        });
    }
  });

  const { startDate, endDate, weekly } = item.schedule;
  if (!isDay(startDate)) out.push({ field: 'schedule.start_date', description: 'must be a date YYYY-MM-DD' });
  if (endDate !== undefined && endDate !== '') {
    if (!isDay(endDate)) out.push({ field: 'schedule.end_date', description: 'must be a date YYYY-MM-DD' });
    else if (isDay(startDate) && endDate < startDate)
      out.push({ field: 'schedule.end_date', description: `ends ${endDate}, before it starts ${startDate}` });
  }
  weekly.forEach((slot, i) => {
    if (!Number.isInteger(slot.weekday) || slot.weekday < 1 || slot.weekday > 7)
      out.push({ field: `schedule.weekly[${i}].weekday`, description: 'must be 1 (Monday) to 7 (Sunday)' });
    const opensOk = TIME.test(slot.opens) && slot.opens <= '24:00';
    const closesOk = TIME.test(slot.closes) && slot.closes <= '24:00';
    if (!opensOk) out.push({ field: `schedule.weekly[${i}].opens`, description: 'must be HH:MM' });
    if (!closesOk) out.push({ field: `schedule.weekly[${i}].closes`, description: 'must be HH:MM' });
    if (opensOk && closesOk && slot.closes <= slot.opens)
      out.push({
        field: `schedule.weekly[${i}].closes`,
        description: `closes ${slot.closes}, not after it opens ${slot.opens}`,
      });
  });

  if (item.contact.phone && !PHONE.test(item.contact.phone))
    out.push({ field: 'contact.phone', description: 'is not a phone number' });
  if (item.contact.email && !EMAIL.test(item.contact.email))
    out.push({ field: 'contact.email', description: 'is not an email address' });
  text(out, 'contact.name', item.contact.name, 100, false);
  const perMonth = item.capacity.perMonth;
  if (perMonth !== undefined && (!Number.isInteger(perMonth) || perMonth < 1))
    out.push({ field: 'capacity.per_month', description: 'must be a whole number of at least 1' });
  const { free, amountFen } = item.cost;
  if (free && amountFen !== undefined && amountFen !== 0)
    out.push({ field: 'cost.amount_fen', description: 'a free item has no price' });
  if (!free && (amountFen === undefined || !Number.isInteger(amountFen) || amountFen < 1))
    out.push({ field: 'cost.amount_fen', description: 'a paid item needs a price in whole fen' });
  text(out, 'cost.note', item.cost.note, 500, false);
  return out;
};
