import type { Page } from '@carebridge/document-store';

/**
 * Every item of a "what is due" query, for a job whose action moves an item out of the query (its next check or
 * its state changes). Such a query is asked again from its first page after acting on a page, since the items it
 * acted on have left it; only a page of items that stayed (an action that failed or changed nothing) is stepped
 * over by its token. Each item is yielded once per pass.
 */
export async function* dueItems<T extends { readonly id: string }>(
  findPage: (pageToken: string | undefined) => Promise<Page<T>>,
): AsyncGenerator<T> {
  const tried = new Set<string>();
  let pageToken: string | undefined;
  for (;;) {
    const page = await findPage(pageToken);
    const fresh = page.items.filter((item) => !tried.has(item.id));
    for (const item of fresh) {
      tried.add(item.id);
      yield item;
    }
    if (!page.nextPageToken) return;
    pageToken = fresh.length === 0 ? page.nextPageToken : undefined;
  }
}
