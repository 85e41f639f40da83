import { createHash } from 'node:crypto';
import { InvalidQueryError } from './errors';
import type { Filter } from './filter';
import { validatePath } from './filter';
import type { FindOptions, SortDirection } from './types';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export type SortKey = { readonly path: string; readonly direction: SortDirection };

export type PageRequest = { readonly sort: readonly SortKey[]; readonly limit: number; readonly offset: number };

// A token carries the query it was made for, so it cannot be replayed against another query by mistake.
const fingerprint = (filter: Filter, sort: readonly SortKey[]): string =>
  createHash('sha256')
    .update(JSON.stringify([filter, sort]))
    .digest('base64url')
    .slice(0, 12);

/**
 * Pages are positional (an offset in the sorted result): simple and the same on every adapter, at the price that a
 * write between two pages can shift an item across the page boundary.
 */
export const encodePageToken = (filter: Filter, sort: readonly SortKey[], offset: number): string =>
  Buffer.from(JSON.stringify({ o: offset, q: fingerprint(filter, sort) })).toString('base64url');

const decodeOffset = (token: string, filter: Filter, sort: readonly SortKey[]): number => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidQueryError('pageToken', 'not a token this store issued');
  }
  const { o, q } = (parsed ?? {}) as { o?: unknown; q?: unknown };
  if (typeof o !== 'number' || !Number.isInteger(o) || o < 0 || typeof q !== 'string') {
    throw new InvalidQueryError('pageToken', 'not a token this store issued');
  }
  if (q !== fingerprint(filter, sort))
    throw new InvalidQueryError('pageToken', 'was issued for another filter or sort');
  return o;
};

/** Checks sort, limit and page token; adapters always add id ascending as the final tie-breaker. */
export const parseFindOptions = (filter: Filter, options: FindOptions = {}): PageRequest => {
  const sort = (options.sort ?? []).map(([path, direction], i): SortKey => {
    validatePath(path, `sort[${i}]`);
    if (direction !== 1 && direction !== -1) throw new InvalidQueryError(`sort[${i}]`, 'direction must be 1 or -1');
    return { path, direction };
  });
  const limit = options.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new InvalidQueryError('limit', `must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  const offset = options.pageToken === undefined ? 0 : decodeOffset(options.pageToken, filter, sort);
  return { sort, limit, offset };
};
