import { createCommandHandler, DomainRuleError, NotFoundError, retryOnConflict } from '@carebridge/decider';
import { ConcurrencyConflictError } from '@carebridge/event-store';
import type { LedgerCommand } from '../domain/ledger';
import type { Assignee } from '../domain/order';
import { teamDecider } from '../domain/team';
import { volunteerDecider } from '../domain/volunteer';
import type { Ctx, EngineDeps } from './context';
import { teamStream, volunteerStream } from './streams';

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
