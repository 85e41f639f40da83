import type { Actor, EventStore } from '@carebridge/event-store';
import { retryOnConflict } from '@carebridge/decider';
import { fundDecider, fundStreamId, type FundCommand } from '../domain/fund/decide';
import type { FundEvent, FundState } from '../domain/fund/fund';
import { createKeyedQueue } from './keyedQueue';

export type FundView = { readonly state: FundState; readonly version: number };

/**
 * The fund is ONE stream per programme (docs/adr/0006-relief-fund-consistency.md): the expected version
 * serialises every reservation, so no two approvals can both spend the last yuan. In this process writers
 * queue per stream and fold only the events they have not seen; another instance that wins a race makes the
 * append fail with ConcurrencyConflictError, and we re-read and decide again, a bounded number of times.
 */
export const createFundLedger = (store: EventStore, options: { maxAttempts?: number } = {}) => {
  const maxAttempts = options.maxAttempts ?? 8;
  const queue = createKeyedQueue();
  const cache = new Map<string, FundView>();

  const load = async (programmeId: string): Promise<FundView> => {
    const streamId = fundStreamId(programmeId);
    const known = cache.get(streamId) ?? { state: fundDecider.initialState(), version: 0 };
    const newer = await store.readStream(streamId, { fromVersion: known.version + 1 });
    if (newer.length === 0) return known;
    const view = {
      state: (newer as unknown as FundEvent[]).reduce(fundDecider.evolve, known.state),
      version: newer.at(-1)!.version,
    };
    cache.set(streamId, view);
    return view;
  };

  const execute = (command: FundCommand, commandId: string, actor?: Actor): Promise<FundView> => {
    const streamId = fundStreamId(command.programmeId);
    return queue(streamId, () =>
      retryOnConflict(
        async () => {
          const view = await load(command.programmeId);
          const events = fundDecider.decide(command, view.state);
          if (events.length === 0) return view;
          const result = await store.append(streamId, events, {
            expectedVersion: view.version,
            commandId,
            ...(actor ? { actor } : {}),
          });
          if (result.replayed) return load(command.programmeId);
          const next = { state: events.reduce(fundDecider.evolve, view.state), version: result.toVersion };
          cache.set(streamId, next);
          return next;
        },
        { tries: maxAttempts },
      ),
    );
  };

  return { execute, load };
};

export type FundLedger = ReturnType<typeof createFundLedger>;
