import { InvalidDocumentError, InvalidQueryError } from './errors';
import { parseFilter } from './filter';
import { encodePageToken, parseFindOptions } from './findOptions';
import { toPlainDocument } from './plainDocument';

/** What fn throws; a call that throws nothing fails the test. */
const thrownBy = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
};

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
    expect(thrownBy(() => parseFilter({ age: { $ne: 3 } } as never))).toMatchObject({ path: 'age.$ne' });
    expect(() => parseFilter({ "a'); DROP": 1 })).toThrow(InvalidQueryError);
    expect(thrownBy(() => parseFilter({ age: Number.NaN }))).toMatchObject({ path: 'age' });
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
    expect(thrownBy(() => toPlainDocument({ id: 'x', at: new Date('2024-05-01T08:00:00Z') }))).toMatchObject({
      path: 'at',
    });
    expect(thrownBy(() => toPlainDocument({ id: 'x', n: { big: 1n } }))).toMatchObject({ path: 'n.big' });
    expect(() => toPlainDocument({ id: 'x', $set: 1 })).toThrow(InvalidDocumentError);
    expect(thrownBy(() => toPlainDocument({ id: 'x' }, 'y'))).toMatchObject({ path: 'id' });
  });
});
