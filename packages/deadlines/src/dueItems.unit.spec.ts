import type { Page } from '@carebridge/document-store';
import { dueItems } from './dueItems';

/** A due query over ids in order, two per page; `stays` are items whose action fails, so they stay due. */
const query = (ids: readonly string[], stays: ReadonlySet<string>) => {
  const due = new Set(ids);
  const asked: (string | undefined)[] = [];
  const findPage = (pageToken: string | undefined): Promise<Page<{ id: string }>> => {
    asked.push(pageToken);
    const all = [...due].sort();
    const offset = pageToken ? Number(pageToken) : 0;
    const items = all.slice(offset, offset + 2).map((id) => ({ id }));
    return Promise.resolve(offset + 2 < all.length ? { items, nextPageToken: String(offset + 2) } : { items });
  };
  const act = (id: string): void => void (stays.has(id) || due.delete(id));
  return { findPage, act, asked };
};

const drain = async (q: ReturnType<typeof query>): Promise<string[]> => {
  const seen: string[] = [];
  for await (const { id } of dueItems(q.findPage)) {
    seen.push(id);
    q.act(id);
  }
  return seen;
};

describe('dueItems: every due item once, though acting moves items out of the query', () => {
  it('asks from the first page again after acting, so no item is skipped past the first page', async () => {
    const q = query(['a', 'b', 'c', 'd', 'e'], new Set());
    expect(await drain(q)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(q.asked.every((token) => token === undefined)).toBe(true);
  });

  it('steps over a page of items that stayed due, and yields none of them twice', async () => {
    const q = query(['a', 'b', 'c', 'd', 'e'], new Set(['a', 'b']));
    expect(await drain(q)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(q.asked).toContain('2');
  });
});
