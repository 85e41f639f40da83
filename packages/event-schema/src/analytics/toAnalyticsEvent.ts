import { createHmac } from 'node:crypto';
import { locateField, type FieldLocation } from '../fieldLocations';
import type { PersonalField } from '../personal';
import type { EventRegistry } from '../registry';
import { eventRegistry } from '../events';
import { isSealedValue } from '../sealedValue';
import { AGE_BANDS } from './analyticsSchema';

export type AnalyticsInput = {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly actor?: { readonly subject: string; readonly role: string; readonly division?: string };
};

/** The analytics form of an event: the actor loses its subject (a person), the data its personal fields. */
export type AnalyticsEvent<E extends AnalyticsInput> = Omit<E, 'actor' | 'data'> & {
  readonly data: Record<string, unknown>;
  readonly actor?: { readonly role: string; readonly division?: string };
};

export type AnalyticsOptions = {
  /** Secret key of the pseudonyms (at least 32 bytes): without it nobody can link a pseudonym to an id. */
  readonly pseudonymKey: Buffer | string;
  readonly registry?: EventRegistry;
};

/** Keyed, stable pseudonym of a person's id: the same id gives the same pseudonym in every programme. */
export const pseudonymOf = (id: string, key: Buffer | string): string =>
  createHmac('sha256', key).update(id.trim().toUpperCase()).digest('hex');

export const ageBandOf = (age: number): string => {
  const upper = [2, 5, 11, 14, 17, 59];
  const index = upper.findIndex((limit) => age <= limit);
  return AGE_BANDS[index === -1 ? AGE_BANDS.length - 1 : index]!;
};

const remove = (at: FieldLocation): void => {
  if (Array.isArray(at.parent)) at.parent[at.key as number] = undefined;
  else delete at.parent[at.key as string];
};

const set = (at: FieldLocation, value: unknown): void => {
  (at.parent as Record<string | number, unknown>)[at.key] = value;
};

/** Replaces one personal value as its kind allows, or removes it (sealed or unrecognisable values always go). */
const scrubValue = (field: PersonalField, at: FieldLocation, key: Buffer | string): void => {
  const value = at.value;
  if (isSealedValue(value) || value === null || value === undefined) return remove(at);
  switch (field.kind) {
    case 'identifier':
      return typeof value === 'string' || typeof value === 'number'
        ? set(at, pseudonymOf(String(value), key))
        : remove(at);
    case 'division':
      return typeof value === 'string' && /^[1-9][0-9]{5}$/.test(value) ? set(at, value.slice(0, 4)) : remove(at);
    case 'birthDate':
      return typeof value === 'string' && /^\d{4}-/.test(value) ? set(at, Number(value.slice(0, 4))) : remove(at);
    case 'age':
      return typeof value === 'number' ? set(at, ageBandOf(value)) : remove(at);
    case 'data':
      return remove(at);
    default: {
      const unknownKind: never = field.kind;
      throw new Error(`unknown personal kind ${String(unknownKind)}`);
    }
  }
};

/**
 * The event as analytics topics carry it: every personal field removed or replaced (ids by keyed pseudonyms,
 * divisions by their prefecture, birth dates by the year, ages by a band) and the actor reduced to role and
 * jurisdiction. Give it clear data (open sealed fields first) to keep pseudonyms; sealed fields are dropped.
 */
export const toAnalyticsEvent = <E extends AnalyticsInput>(event: E, options: AnalyticsOptions): AnalyticsEvent<E> => {
  const registry = options.registry ?? eventRegistry;
  if (!registry.latest(event.type)) throw new Error(`unknown event type ${event.type}`);
  if (Buffer.byteLength(options.pseudonymKey) < 32) throw new Error('pseudonymKey must hold at least 32 bytes');
  const { actor, data: clear, ...rest } = event;
  const data = structuredClone(clear);
  for (const field of registry.personalFields(event.type)) {
    // A whole personal array of plain data goes at once rather than leaving holes.
    if (field.kind === 'data' && field.path.endsWith('[]')) {
      for (const at of locateField(data, field.path.slice(0, -2))) remove(at);
      continue;
    }
    for (const at of locateField(data, field.path)) scrubValue(field, at, options.pseudonymKey);
  }
  return {
    ...rest,
    data,
    ...(actor ? { actor: { role: actor.role, ...(actor.division ? { division: actor.division } : {}) } } : {}),
  };
};
