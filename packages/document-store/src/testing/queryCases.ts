import { InvalidQueryError } from '../errors';
import type { Filter } from '../filter';
import type { DocumentCollection, DocumentStore } from '../types';
import { ids, people, sortedIds, type ContractCase, type Person } from './contractCases';

const seeded = async (store: DocumentStore, name: string): Promise<DocumentCollection<Person>> => {
  const collection = store.collection<Person>(name, { indexes: ['division.code', 'age'] });
  for (const person of people) await collection.put(person);
  return collection;
};

/** Filter → ids it must match, identical for every adapter. */
const matches: [Filter, string[]][] = [
  [{}, ['p1', 'p2', 'p3', 'p4', 'p5', 'p6']],
  [{ id: 'p3' }, ['p3']],
  [{ id: { $in: ['p1', 'p9'] } }, ['p1']],
  [{ 'division.code': '630102' }, ['p1', 'p4']],
  [{ 'division.level': 3 }, ['p1', 'p2', 'p4', 'p6']],
  [{ name: 'li na' }, ['p4']],
  [{ age: 34, active: true }, ['p1']],
  [{ active: true }, ['p1', 'p3', 'p4']],
  [{ active: false }, ['p2', 'p6']],
  [{ tags: 'urgent' }, ['p1', 'p6']],
  [{ tags: { $in: ['hotline', 'relief'] } }, ['p1', 'p2', 'p5', 'p6']],
  [{ tags: { $in: [] } }, []],
  [{ 'division.level': { $in: [1, 2] } }, ['p3', 'p5']],
  [{ age: { $gte: 12, $lt: 67 } }, ['p1', 'p5', 'p6']],
  [{ age: { $gt: 34 } }, ['p3']],
  [{ age: { $lte: 9 } }, ['p2']],
  [{ 'division.code': { $gte: '6301', $lt: '6302' } }, ['p1', 'p2', 'p3', 'p4', 'p6']],
  [{ age: { $exists: false } }, ['p4']],
  [{ note: { $exists: true } }, ['p3']],
  [{ tags: { $exists: true }, age: { $exists: true } }, ['p1', 'p2', 'p3', 'p5', 'p6']],
  [{ name: { $contains: 'li' } }, ['p1', 'p4']],
  [{ name: { $contains: 'N J' } }, ['p5']],
  [{ name: { $contains: '小明' } }, ['p2', 'p6']],
  [{ name: { $contains: '.' } }, []],
  [{ tags: { $contains: 'URG' } }, ['p1', 'p6']],
  // Comparisons never cross types.
  [{ age: { $gt: '1' } }, []],
  [{ 'division.code': 63 }, []],
  [{ active: 1 }, []],
];

export const queryCases: ContractCase[] = [
  {
    name: 'find and count: equality, dotted paths, $in, ranges, $exists, $contains, arrays',
    run: async (store, name) => {
      const collection = await seeded(store, name);
      for (const [filter, expected] of matches) {
        const { items, nextPageToken } = await collection.find(filter);
        expect({ filter, ids: sortedIds(items) }).toEqual({ filter, ids: expected });
        expect(nextPageToken).toBeUndefined();
        expect({ filter, count: await collection.count(filter) }).toEqual({ filter, count: expected.length });
      }
      const { items } = await collection.find({ id: 'p3' });
      expect(items).toStrictEqual(people.filter((p) => p.id === 'p3'));
    },
  },
  {
    name: 'sort ascending and descending, missing values first ascending, ties by id',
    run: async (store, name) => {
      const collection = await seeded(store, name);
      expect(ids((await collection.find({}, { sort: [['age', 1]] })).items)).toEqual([
        'p4',
        'p2',
        'p6',
        'p1',
        'p5',
        'p3',
      ]);
      expect(ids((await collection.find({}, { sort: [['age', -1]] })).items)).toEqual([
        'p3',
        'p1',
        'p5',
        'p6',
        'p2',
        'p4',
      ]);
      const byDivisionThenName = await collection.find(
        {},
        {
          sort: [
            ['division.code', 1],
            ['name', -1],
          ],
        },
      );
      expect(ids(byDivisionThenName.items)).toEqual(['p5', 'p3', 'p4', 'p1', 'p2', 'p6']);
      expect(ids((await collection.find({})).items)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
    },
  },
  {
    name: 'pages follow each other without gap or repeat, and a token only fits its own query',
    run: async (store, name) => {
      const collection = await seeded(store, name);
      const first = await collection.find({}, { limit: 4, sort: [['name', 1]] });
      expect(first.items).toHaveLength(4);
      expect(first.nextPageToken).toEqual(expect.any(String));
      const second = await collection.find({}, { limit: 4, sort: [['name', 1]], pageToken: first.nextPageToken });
      expect(second.nextPageToken).toBeUndefined();
      expect([...ids(first.items), ...ids(second.items)]).toEqual(['p5', 'p1', 'p3', 'p4', 'p6', 'p2']);
      const active = await collection.find({ active: true }, { limit: 2 });
      expect(ids(active.items)).toEqual(['p1', 'p3']);
      const rest = await collection.find({ active: true }, { limit: 2, pageToken: active.nextPageToken });
      expect(ids(rest.items)).toEqual(['p4']);
      await expect(collection.find({ active: false }, { limit: 2, pageToken: active.nextPageToken })).rejects.toThrow(
        InvalidQueryError,
      );
      await expect(collection.find({}, { pageToken: 'garbage' })).rejects.toThrow(InvalidQueryError);
    },
  },
  {
    name: 'a query outside the language is refused with the offending part named',
    run: async (store, name) => {
      const collection = await seeded(store, name);
      const refusedAt = async (run: () => Promise<unknown>, path: string) => {
        const error: unknown = await run().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(InvalidQueryError);
        expect((error as InvalidQueryError).path).toBe(path);
      };
      const bad = (filter: unknown) => () => collection.find(filter as Filter);
      await refusedAt(bad({ age: { $regex: '.*' } }), 'age.$regex');
      await refusedAt(bad({ age: { $gt: true } }), 'age.$gt');
      await refusedAt(bad({ tags: ['relief'] }), 'tags');
      await refusedAt(bad({ note: null }), 'note');
      await refusedAt(bad({ 'a..b': 1 }), 'a..b');
      await refusedAt(bad({ $where: 'true' }), '$where');
      await refusedAt(() => collection.count({ age: { $in: 'x' } } as unknown as Filter), 'age.$in');
      await refusedAt(() => collection.find({}, { limit: 0 }), 'limit');
      await refusedAt(() => collection.find({}, { limit: 501 }), 'limit');
      await refusedAt(() => collection.find({}, { sort: [['age', 2 as 1]] }), 'sort[0]');
    },
  },
  {
    name: 'deleteAll empties the collection for a rebuild',
    run: async (store, name) => {
      const collection = await seeded(store, name);
      await collection.deleteAll();
      expect(await collection.count({})).toBe(0);
      expect((await collection.find({})).items).toEqual([]);
      await collection.put(people[0]!);
      expect(await collection.count({})).toBe(1);
    },
  },
];
