import { DomainRuleError } from '@carebridge/decider';
import type { DispatchApplication } from '../application/dispatchApplication';
import type { Community } from '../domain/communities';
import { demoVolunteers } from './demoVolunteers';

export type SeedOptions = {
  readonly volunteers?: number;
  readonly concurrency?: number;
  readonly onProgress?: (done: number, total: number) => void;
};

const actor = { subject: 'demo-seed', role: 'seed' } as const;

/**
 * `npm start`'s demo world: the reproducible Wuhan-like volunteers (demoVolunteers) registered through the
 * ordinary command path, so they are validated, sealed and replayed like any other. Idempotent: a volunteer's id
 * is the keyed hash of their ID number, so a second run finds every stream taken and skips it.
 * Registrations run in parallel batches: each touches its own stream, and the store's latency overlaps.
 */
export const seedDemo = async (
  app: Pick<DispatchApplication, 'volunteers' | 'index' | 'catchUp'>,
  communities: readonly Community[],
  options: SeedOptions = {},
): Promise<{ registered: number; skipped: number }> => {
  const total = options.volunteers ?? 20_000;
  await app.catchUp();
  if (app.index.size >= total) return { registered: 0, skipped: total };
  const people = demoVolunteers(communities, total);
  const batch = options.concurrency ?? 64;
  let registered = 0;
  let skipped = 0;
  for (let from = 0; from < people.length; from += batch) {
    await Promise.all(
      people.slice(from, from + batch).map(async (person, i) => {
        try {
          await app.volunteers.register(person, { commandId: `demo-seed:volunteer:${from + i}`, actor });
          registered++;
        } catch (error) {
          if (!(error instanceof DomainRuleError && error.code === 'already_registered')) throw error;
          skipped++;
        }
      }),
    );
    options.onProgress?.(Math.min(from + batch, total), total);
  }
  return { registered, skipped };
};
