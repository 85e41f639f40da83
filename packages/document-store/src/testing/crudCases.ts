import { InvalidDocumentError, InvalidQueryError } from '../errors';
import type { ContractCase, Person } from './contractCases';

export const crudCases: ContractCase[] = [
  {
    name: 'put then get returns exactly the document, no bookkeeping fields',
    run: async (store, name) => {
      const people = store.collection<Person>(name);
      const doc: Person = { id: 'a', name: 'Li', division: { code: '630102', level: 3 }, tags: ['x'], note: null };
      await people.put(doc);
      expect(await people.get('a')).toStrictEqual(doc);
      expect(await people.get('missing')).toBeUndefined();
    },
  },
  {
    name: 'put replaces the whole document and drops undefined fields',
    run: async (store, name) => {
      const people = store.collection<Person>(name);
      await people.put({ id: 'a', name: 'Li', age: 3, division: { code: '63', level: 1 } });
      await people.put({ id: 'a', name: 'Li Wei', age: undefined, division: { code: '6301', level: 2 } });
      expect(await people.get('a')).toStrictEqual({ id: 'a', name: 'Li Wei', division: { code: '6301', level: 2 } });
      expect(await people.count({})).toBe(1);
    },
  },
  {
    name: 'delete removes the document; deleting a missing one is a no-op',
    run: async (store, name) => {
      const people = store.collection<Person>(name);
      await people.put({ id: 'a', name: 'Li', division: { code: '63', level: 1 } });
      await people.delete('a');
      await people.delete('never-there');
      expect(await people.get('a')).toBeUndefined();
      expect(await people.count({})).toBe(0);
    },
  },
  {
    name: 'ids are opaque strings',
    run: async (store, name) => {
      const docs = store.collection<{ id: string; n: number }>(name);
      const odd = ['a/b c.d', 'relief:case:42', '个案-7', '$x'];
      for (const [n, id] of odd.entries()) await docs.put({ id, n });
      for (const [n, id] of odd.entries()) expect(await docs.get(id)).toStrictEqual({ id, n });
    },
  },
  {
    name: 'a document that is not plain JSON is refused with the field named, and nothing is stored',
    run: async (store, name) => {
      const docs = store.collection<{ id: string; [k: string]: unknown }>(name);
      const refused = async (doc: { id: string; [k: string]: unknown }, path: string) => {
        const error: unknown = await docs.put(doc).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(InvalidDocumentError);
        expect((error as InvalidDocumentError).path).toBe(path);
      };
      await refused({ id: 'a', at: { when: new Date() } }, 'at.when');
      await refused({ id: 'a', score: Number.NaN }, 'score');
      await refused({ id: 'a', list: [1, undefined] }, 'list[1]');
      await refused({ id: 'a', 'a.b': 1 }, 'a.b');
      await refused({ id: '' }, 'id');
      expect(await docs.count({})).toBe(0);
    },
  },
  {
    name: 'collections are separate, and a bad collection name is refused',
    run: async (store, name) => {
      const first = store.collection<{ id: string }>(name, { indexes: ['kind', 'division.code'] });
      const second = store.collection<{ id: string }>(`${name}_other`);
      await first.put({ id: 'a' });
      expect(await second.get('a')).toBeUndefined();
      await second.deleteAll();
      expect(() => store.collection('bad name!')).toThrow(InvalidQueryError);
      expect(() => store.collection(name, { indexes: ['a.$b'] })).toThrow(InvalidQueryError);
    },
  },
];
