import type { DocumentStore } from '@carebridge/document-store';

/** One document per job: who holds it until when, the write count (a fencing term) and when a pass last finished. */
export type JobLeaseDocument = {
  readonly id: string;
  readonly owner: string;
  readonly expiresAt: string;
  readonly term: number;
  readonly lastRunAt?: string;
};

/** The collection of job leases in a service's document store. */
export const JOB_LEASES = 'job_leases';

/**
 * A named lease held by one replica at a time, in the service's own document store (MongoDB or SQLite) and with
 * the same discipline as the outbox relay's shard leases: renewed every third of its time to live, and counted as
 * held only while more than a third is left, so a replica that stalls stops before another can take over.
 *
 * Every write bumps the term and goes through `applyOnce` with the term as its version: two replicas that read
 * the same term both write term + 1, and the store applies exactly one (the other is told 'skipped'). That is a
 * compare-and-set on one document, which is all FerretDB and the embedded store need to offer.
 */
export const createJobLease = (options: {
  readonly documents: DocumentStore;
  readonly name: string;
  readonly owner: string;
  readonly ttlMs: number;
  readonly clock: () => Date;
}) => {
  const { name, owner, ttlMs, clock } = options;
  const leases = options.documents.collection<JobLeaseDocument>(JOB_LEASES);
  let validUntil = -Infinity;
  let renewedAt = -Infinity;

  const write = async (
    current: JobLeaseDocument | undefined,
    next: Omit<JobLeaseDocument, 'id' | 'term'>,
  ): Promise<boolean> => {
    const term = (current?.term ?? 0) + 1;
    const outcome = await leases.applyOnce(name, { stream: 'lease', version: term }, () => ({
      id: name,
      term,
      ...next,
    }));
    return outcome === 'applied';
  };

  return {
    /**
     * Takes the lease when it is free, expired or already ours, renewing it; otherwise says who holds it. Also
     * returns when a pass last finished, which is where a catch-up after downtime starts.
     */
    async acquire(): Promise<{ held: boolean; holder?: string; lastRunAt?: string }> {
      const now = clock().getTime();
      const current = await leases.get(name);
      if (current && current.owner !== owner && Date.parse(current.expiresAt) > now) {
        validUntil = -Infinity;
        return { held: false, holder: current.owner, ...(current.lastRunAt ? { lastRunAt: current.lastRunAt } : {}) };
      }
      const next = {
        owner,
        expiresAt: new Date(now + ttlMs).toISOString(),
        ...(current?.lastRunAt ? { lastRunAt: current.lastRunAt } : {}),
      };
      const held = await write(current, next);
      validUntil = held ? now + ttlMs : -Infinity;
      renewedAt = now;
      return held
        ? { held, ...(current?.lastRunAt ? { lastRunAt: current.lastRunAt } : {}) }
        : { held, holder: (await leases.get(name))?.owner ?? 'unknown' };
    },
    /** Still ours with enough time left to act; renews when a third of the time to live has gone. */
    async stillHeld(): Promise<boolean> {
      const now = clock().getTime();
      if (now - renewedAt >= ttlMs / 3) await this.acquire();
      return validUntil - clock().getTime() > ttlMs / 3;
    },
    /** Records that a pass finished at `at` (only while ours). */
    async finished(at: string): Promise<boolean> {
      const current = await leases.get(name);
      if (current?.owner !== owner) return false;
      return write(current, { owner, expiresAt: current.expiresAt, lastRunAt: at });
    },
    /** Gives the lease up at once, so another replica need not wait for it to expire. */
    async release(): Promise<void> {
      validUntil = -Infinity;
      const current = await leases.get(name);
      if (current?.owner !== owner) return;
      await write(current, {
        owner,
        expiresAt: new Date(0).toISOString(),
        ...(current.lastRunAt ? { lastRunAt: current.lastRunAt } : {}),
      });
    },
  };
};

export type JobLease = ReturnType<typeof createJobLease>;
