import { createCommandHandler, DomainRuleError, NotFoundError } from '@carebridge/decider';
import { ConcurrencyConflictError, EventStoreError } from '@carebridge/event-store';
import type { LedgerCommand } from '../domain/ledger';
import type { Assignee } from '../domain/order';
import { teamDecider } from '../domain/team';
import { volunteerDecider } from '../domain/volunteer';
import type { Ctx, EngineDeps } from './context';
import { teamStream, volunteerStream } from './streams';

/**
 * Retries a step that lost a race on its stream: it reloads and decides again, never on stale state. A bare
 * EventStoreError (the store could not place the commit, as FerretDB does under heavy load) is retried a few
 * times with a pause: the command id is the same, so a commit that did land is answered as a replay.
 */
export const retryOnConflict = async <T>(work: () => Promise<T>, tries = 10): Promise<T> => {
  let storeFailures = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const transient = error instanceof EventStoreError && error.name === 'EventStoreError' && ++storeFailures <= 3;
      if (!transient && (!(error instanceof ConcurrencyConflictError) || attempt >= tries)) throw error;
      await new Promise((resolve) => (transient ? setTimeout(resolve, 100 * storeFailures) : setImmediate(resolve)));
    }
  }
};

export type Ledgers = {
  /** Runs a ledger command on the assignee's own stream; the index learns the result at once. */
  run(assignee: Assignee, command: LedgerCommand, ctx: Ctx): Promise<void>;
  /** Holds capacity; false (not an error) when the assignee cannot take it after all. */
  tryReserve(assignee: Assignee, command: Extract<LedgerCommand, { kind: 'reserve' }>, ctx: Ctx): Promise<boolean>;
};

export const createLedgers = ({ store, index }: EngineDeps): Ledgers => {
  const volunteers = createCommandHandler(store, volunteerDecider);
  const teams = createCommandHandler(store, teamDecider);
  const run = async (assignee: Assignee, command: LedgerCommand, ctx: Ctx): Promise<void> => {
    if (assignee.kind === 'team') {
      await retryOnConflict(() => teams(teamStream(assignee.id), command, ctx));
      return;
    }
    const stream = volunteerStream(assignee.id);
    const handled = await retryOnConflict(() => volunteers(stream, command, ctx));
    handled.events.forEach((event, i) => index.apply(stream, event, handled.result.fromVersion + i));
  };
  return {
    run,
    async tryReserve(assignee, command, ctx) {
      try {
        await run(assignee, command, ctx);
        return true;
      } catch (error) {
        // The index was a moment behind (another order took the slot): try the next candidate.
        if (
          error instanceof DomainRuleError ||
          error instanceof NotFoundError ||
          error instanceof ConcurrencyConflictError
        )
          return false;
        throw error;
      }
    },
  };
};
