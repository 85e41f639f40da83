import { randomBytes } from 'node:crypto';
import type { DocumentStore } from '../types';
import { applyOnceCases } from './applyOnceCases';
import type { ContractCase } from './contractCases';
import { crudCases } from './crudCases';
import { queryCases } from './queryCases';

/** What an adapter's test file supplies: how to open its store and how to clean up after the file. */
export type DocumentStoreFixture = {
  readonly name: string;
  open(): Promise<DocumentStore>;
  dispose?(): Promise<void>;
};

export const documentStoreContractCases: readonly ContractCase[] = [...crudCases, ...applyOnceCases, ...queryCases];

/**
 * The one contract every DocumentStore adapter passes. The last test fails if any case did not run to the end,
 * so a case that is skipped, filtered or silently dropped cannot pass as green.
 */
export const documentStoreContract = (fixture: DocumentStoreFixture): void => {
  describe(`DocumentStore contract: ${fixture.name}`, () => {
    let store: DocumentStore;
    const completed = new Set<string>();
    const prefix = `c${randomBytes(3).toString('hex')}`;
    let counter = 0;

    beforeAll(async () => {
      store = await fixture.open();
    });
    afterAll(async () => {
      await store?.close();
      await fixture.dispose?.();
    });

    for (const contractCase of documentStoreContractCases) {
      it(contractCase.name, async () => {
        await contractCase.run(store, `${prefix}_${++counter}`);
        completed.add(contractCase.name);
      });
    }

    it('ran every contract case', () => {
      const missing = documentStoreContractCases.map((c) => c.name).filter((name) => !completed.has(name));
      expect(missing).toEqual([]);
    });
  });
};
