import type { DocumentStore } from '../types';

/** One case of the contract: gets a store and a fresh collection name nobody else uses. */
export type ContractCase = {
  readonly name: string;
  readonly run: (store: DocumentStore, collection: string) => Promise<void>;
};

export type Person = {
  id: string;
  name: string;
  age?: number;
  division: { code: string; level: number };
  tags?: string[];
  active?: boolean;
  note?: string | null;
};

/** The same small data set for every query case, so both adapters are held to identical results. */
export const people: Person[] = [
  {
    id: 'p1',
    name: 'Li Wei',
    age: 34,
    division: { code: '630102', level: 3 },
    tags: ['relief', 'urgent'],
    active: true,
  },
  { id: 'p2', name: '王小明', age: 9, division: { code: '630103', level: 3 }, tags: ['hotline'], active: false },
  { id: 'p3', name: 'Zhang Min', age: 67, division: { code: '6301', level: 2 }, tags: [], active: true, note: null },
  { id: 'p4', name: 'li na', division: { code: '630102', level: 3 }, active: true },
  { id: 'p5', name: 'Chen Jing', age: 34, division: { code: '63', level: 1 }, tags: ['relief'] },
  {
    id: 'p6',
    name: '小明 Zhou',
    age: 12,
    division: { code: '630103', level: 3 },
    tags: ['urgent', 'hotline'],
    active: false,
  },
];

export const ids = (docs: readonly { id: string }[]): string[] => docs.map((d) => d.id);
export const sortedIds = (docs: readonly { id: string }[]): string[] => ids(docs).sort();
