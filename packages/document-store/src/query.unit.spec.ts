import { InvalidDocumentError, InvalidQueryError } from './errors';
import { parseFilter } from './filter';
import { encodePageToken, parseFindOptions } from './findOptions';
import { toPlainDocument } from './plainDocument';

describe('parseFilter', () => {
  it('flattens equality and operators into conditions', () => {
    expect(parseFilter({ 'division.code': '63', age: { $gte: 3, $lt: 9 }, tags: { $in: ['a'] } })).toEqual([
      { kind: 'eq', path: 'division.code', value: '63' },
      { kind: 'range', path: 'age', op: 'gte', value: 3 },
      { kind: 'range', path: 'age', op: 'lt', value: 9 },
      { kind: 'in', path: 'tags', values: ['a'] },
    ]);
  });

  it('names the offending path', () => {
    expect(() => parseFilter({ age: { $ne: 3 } } as never)).toThrow(expect.objectContaining({ path: 'age.$ne' }));
    expect(() => parseFilter({ "a'); DROP": 1 })).toThrow(InvalidQueryError);
    expect(() => parseFilter({ age: Number.NaN })).toThrow(expect.objectContaining({ path: 'age' }));
  });
});

describe('page tokens', () => {
  it('carry the offset for the query they were made for only', () => {
    const sort = [{ path: 'age', direction: 1 as const }];
    const token = encodePageToken({ a: 1 }, sort, 40);
    expect(parseFindOptions({ a: 1 }, { sort: [['age', 1]], pageToken: token })).toEqual({
      sort,
      limit: 50,
      offset: 40,
    });
    expect(() => parseFindOptions({ a: 2 }, { sort: [['age', 1]], pageToken: token })).toThrow(InvalidQueryError);
    expect(() => parseFindOptions({ a: 1 }, { sort: [['age', -1]], pageToken: token })).toThrow(InvalidQueryError);
  });
});

describe('toPlainDocument', () => {
  it('copies plain JSON and drops undefined fields', () => {
    const doc = { id: 'x', a: { b: [1, 'two', true, null] }, gone: undefined };
    const plain = toPlainDocument(doc);
    expect(plain).toStrictEqual({ id: 'x', a: { b: [1, 'two', true, null] } });
    expect(plain.a).not.toBe(doc.a);
  });

  it('refuses what would not come back the same, naming the field', () => {
    expect(() => toPlainDocument({ id: 'x', at: new Date() })).toThrow(expect.objectContaining({ path: 'at' }));
    expect(() => toPlainDocument({ id: 'x', n: { big: 1n } })).toThrow(expect.objectContaining({ path: 'n.big' }));
    expect(() => toPlainDocument({ id: 'x', $set: 1 })).toThrow(InvalidDocumentError);
    expect(() => toPlainDocument({ id: 'x' }, 'y')).toThrow(expect.objectContaining({ path: 'id' }));
  });
});
