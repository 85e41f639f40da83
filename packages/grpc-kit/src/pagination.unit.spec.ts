import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, parsePageRequest } from './pagination';

describe('page requests', () => {
  it('defaults an absent or zero page size and drops an empty token', () => {
    expect(parsePageRequest({})).toEqual({ limit: DEFAULT_PAGE_SIZE, pageToken: undefined });
    expect(parsePageRequest({ pageSize: 0, pageToken: '' })).toEqual({
      limit: DEFAULT_PAGE_SIZE,
      pageToken: undefined,
    });
    expect(parsePageRequest({ pageSize: 20, pageToken: 'abc' })).toEqual({ limit: 20, pageToken: 'abc' });
  });

  it.each([-1, MAX_PAGE_SIZE + 1, 2.5])('names page_size when it is %s', (pageSize) => {
    expect(parsePageRequest({ pageSize })).toEqual({ violations: [expect.objectContaining({ field: 'page_size' })] });
  });
});
