import type { FieldViolation } from './statusDetails';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export type PageRequest = { readonly limit: number; readonly pageToken: string | undefined };

/**
 * Reads `page_size` / `page_token` of a List request (ADR 0005): 0 means the default, above the maximum or
 * below zero is a violation on `page_size`. Returns violations instead of throwing, so a handler can collect
 * them with its other fields into one ValidationError.
 */
export const parsePageRequest = (request: {
  readonly pageSize?: number;
  readonly pageToken?: string;
}): PageRequest | { readonly violations: FieldViolation[] } => {
  const size = request.pageSize ?? 0;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    return {
      violations: [
        {
          field: 'page_size',
          description: `must be an integer from 0 (default ${DEFAULT_PAGE_SIZE}) to ${MAX_PAGE_SIZE}`,
        },
      ],
    };
  }
  return {
    limit: size === 0 ? DEFAULT_PAGE_SIZE : size,
    pageToken: request.pageToken === '' ? undefined : request.pageToken,
  };
};
