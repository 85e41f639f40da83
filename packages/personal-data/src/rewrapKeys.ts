import type { RewrapPage, RotatingKeyVault } from './keyVault';

export type RewrapSummary = Omit<RewrapPage, 'next'> & { readonly masterKeyId: string };

export type RewrapOptions = {
  readonly batchSize?: number;
  /** Subject to resume after (the `next` of the last page an interrupted run reported). */
  readonly after?: string | null;
  /** Told after each page (progress output). */
  readonly onPage?: (page: RewrapPage) => void;
};

/**
 * Moves every live data key to the current master key, page by page. Idempotent and resumable: keys already
 * under the current master key are counted and left alone, so a rerun after an interruption only does what is
 * left; destroyed keys stay destroyed. Once it reports nothing left to rewrap, the previous master key can go.
 */
export const rewrapKeys = async (vault: RotatingKeyVault, options: RewrapOptions = {}): Promise<RewrapSummary> => {
  const total = { scanned: 0, rewrapped: 0, current: 0, destroyed: 0 };
  let after = options.after ?? null;
  do {
    const page = await vault.rewrapPage(after, options.batchSize ?? 200);
    total.scanned += page.scanned;
    total.rewrapped += page.rewrapped;
    total.current += page.current;
    total.destroyed += page.destroyed;
    options.onPage?.(page);
    after = page.next;
  } while (after !== null);
  return { ...total, masterKeyId: vault.masterKeyId };
};
