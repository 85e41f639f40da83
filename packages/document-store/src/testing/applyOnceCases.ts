import { InvalidDocumentError, InvalidQueryError } from '../errors';
import type { ContractCase } from './contractCases';

type Tally = { id: string; total: number; seen: string[] };

const bump =
  (tag: string) =>
  (current: Tally | undefined): Tally => ({
    id: 'tally',
    total: (current?.total ?? 0) + 1,
    seen: [...(current?.seen ?? []), tag],
  });

export const applyOnceCases: ContractCase[] = [
  {
    name: 'applyOnce applies a newer version and skips a redelivered or older one without calling change',
    run: async (store, name) => {
      const tallies = store.collection<Tally>(name);
      expect(await tallies.applyOnce('tally', { stream: 's-1', version: 1 }, bump('v1'))).toBe('applied');
      expect(await tallies.applyOnce('tally', { stream: 's-1', version: 3 }, bump('v3'))).toBe('applied');
      const change = jest.fn(bump('again'));
      expect(await tallies.applyOnce('tally', { stream: 's-1', version: 3 }, change)).toBe('skipped');
      expect(await tallies.applyOnce('tally', { stream: 's-1', version: 2 }, change)).toBe('skipped');
      expect(change).not.toHaveBeenCalled();
      expect(await tallies.get('tally')).toStrictEqual({ id: 'tally', total: 2, seen: ['v1', 'v3'] });
    },
  },
  {
    name: 'versions are tracked per source stream',
    run: async (store, name) => {
      const tallies = store.collection<Tally>(name);
      await tallies.applyOnce('tally', { stream: 'relief-1', version: 5 }, bump('r5'));
      expect(await tallies.applyOnce('tally', { stream: 'hotline.case.1', version: 1 }, bump('h1'))).toBe('applied');
      expect(await tallies.applyOnce('tally', { stream: 'relief-1', version: 5 }, bump('r5'))).toBe('skipped');
      expect((await tallies.get('tally'))?.seen).toEqual(['r5', 'h1']);
    },
  },
  {
    name: 'a change that deletes keeps a tombstone: redelivery cannot resurrect, a newer event can',
    run: async (store, name) => {
      const tallies = store.collection<Tally>(name);
      await tallies.applyOnce('tally', { stream: 's', version: 1 }, bump('created'));
      expect(await tallies.applyOnce('tally', { stream: 's', version: 2 }, () => undefined)).toBe('applied');
      expect(await tallies.get('tally')).toBeUndefined();
      expect(await tallies.count({})).toBe(0);
      expect((await tallies.find({})).items).toEqual([]);
      expect(await tallies.applyOnce('tally', { stream: 's', version: 1 }, bump('created'))).toBe('skipped');
      expect(await tallies.get('tally')).toBeUndefined();
      expect(await tallies.applyOnce('tally', { stream: 's', version: 3 }, bump('reopened'))).toBe('applied');
      expect(await tallies.get('tally')).toStrictEqual({ id: 'tally', total: 1, seen: ['reopened'] });
    },
  },
  {
    name: 'put keeps the applied record; delete and deleteAll clear it',
    run: async (store, name) => {
      const tallies = store.collection<Tally>(name);
      await tallies.applyOnce('tally', { stream: 's', version: 1 }, bump('v1'));
      await tallies.put({ id: 'tally', total: 10, seen: [] });
      expect(await tallies.applyOnce('tally', { stream: 's', version: 1 }, bump('v1'))).toBe('skipped');
      expect(await tallies.get('tally')).toStrictEqual({ id: 'tally', total: 10, seen: [] });
      await tallies.delete('tally');
      expect(await tallies.applyOnce('tally', { stream: 's', version: 1 }, bump('v1'))).toBe('applied');
      await tallies.deleteAll();
      expect(await tallies.get('tally')).toBeUndefined();
      expect(await tallies.applyOnce('tally', { stream: 's', version: 1 }, bump('rebuilt'))).toBe('applied');
      expect((await tallies.get('tally'))?.seen).toEqual(['rebuilt']);
    },
  },
  {
    name: 'applyOnce refuses a bad source, a changed id or a non-JSON result, and stores nothing',
    run: async (store, name) => {
      const tallies = store.collection<Tally>(name);
      await expect(tallies.applyOnce('tally', { stream: '', version: 1 }, bump('x'))).rejects.toThrow(
        InvalidQueryError,
      );
      await expect(tallies.applyOnce('tally', { stream: 's', version: 0 }, bump('x'))).rejects.toThrow(
        InvalidQueryError,
      );
      await expect(
        tallies.applyOnce('tally', { stream: 's', version: 1 }, () => ({ id: 'other', total: 1, seen: [] })),
      ).rejects.toThrow(InvalidDocumentError);
      await expect(
        tallies.applyOnce('tally', { stream: 's', version: 1 }, () => ({
          id: 'tally',
          total: Number.POSITIVE_INFINITY,
          seen: [],
        })),
      ).rejects.toThrow(/total/);
      expect(await tallies.get('tally')).toBeUndefined();
      expect(await tallies.applyOnce('tally', { stream: 's', version: 1 }, bump('ok'))).toBe('applied');
    },
  },
  {
    name: '20 concurrent applyOnce from 20 source streams on one document all land',
    run: async (store, name) => {
      const tallies = store.collection<Tally>(name);
      const streams = Array.from({ length: 20 }, (_, i) => `stream-${i}`);
      const outcomes = await Promise.all(
        streams.map((stream) => tallies.applyOnce('tally', { stream, version: 1 }, bump(stream))),
      );
      expect(outcomes).toEqual(streams.map(() => 'applied'));
      const tally = await tallies.get('tally');
      expect(tally?.total).toBe(20);
      expect([...(tally?.seen ?? [])].sort()).toEqual([...streams].sort());
      const again = await Promise.all(
        streams.map((stream) => tallies.applyOnce('tally', { stream, version: 1 }, bump(stream))),
      );
      expect(again).toEqual(streams.map(() => 'skipped'));
    },
  },
  {
    name: 'the same event applied 20 times concurrently lands once',
    run: async (store, name) => {
      const tallies = store.collection<Tally>(name);
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, () => tallies.applyOnce('tally', { stream: 'relief-7', version: 4 }, bump('v4'))),
      );
      expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'skipped')).toHaveLength(19);
      expect(await tallies.get('tally')).toStrictEqual({ id: 'tally', total: 1, seen: ['v4'] });
    },
  },
];
