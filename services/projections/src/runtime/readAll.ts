import type { DocumentCollection, Filter } from '@carebridge/document-store';

/** Every document matching the filter, page by page (dashboards fold whole read models into a few rows). */
export const readAll = async <T extends { id: string }>(
  collection: DocumentCollection<T>,
  filter: Filter = {},
): Promise<T[]> => {
  const items: T[] = [];
  let pageToken: string | undefined;
  do {
    const page = await collection.find(filter, { limit: 500, ...(pageToken ? { pageToken } : {}) });
    items.push(...page.items);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return items;
};
