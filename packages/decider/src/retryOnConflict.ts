import { ConcurrencyConflictError, EventStoreError } from '@carebridge/event-store';

export type RetryOptions = {
  /** How many times the work runs at most before a conflict reaches the caller (gRPC ABORTED). */
  readonly tries?: number;
};

/**
 * Runs a load → decide → append step again when it lost a race on its stream, so a write made by someone
 * else in between (another caller, a projection reporting an outcome, a watcher) is read before deciding,
 * never decided over. A bare EventStoreError (the store could not place the commit, as FerretDB does under
 * heavy load) is retried a few times with a pause: the command id is the same, so a commit that did land is
 * answered as a replay. Anything else, and a conflict that outlasts `tries`, reaches the caller.
 */
export const retryOnConflict = async <T>(work: () => Promise<T>, options: RetryOptions = {}): Promise<T> => {
  const tries = options.tries ?? 10;
  let storeFailures = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const transient = error instanceof EventStoreError && error.name === 'EventStoreError' && ++storeFailures <= 3;
      if (!transient && (!(error instanceof ConcurrencyConflictError) || attempt >= tries)) throw error;
      // Competing writers back off by a random few milliseconds so they do not collide again in lockstep.
      const pause = transient ? 100 * storeFailures : Math.random() * 5 * attempt;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
};
