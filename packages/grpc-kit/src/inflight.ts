/** Calls being handled, so shutdown can wait for them and, past the grace period, abort them. */
export type InflightTracker = {
  readonly track: (controller: AbortController, work: Promise<unknown>) => void;
  readonly size: () => number;
  /** Resolves once every tracked call has settled. */
  readonly idle: () => Promise<void>;
  readonly abortAll: (reason: string) => void;
};

export const createInflightTracker = (): InflightTracker => {
  const calls = new Map<Promise<unknown>, AbortController>();
  return {
    track: (controller, work) => {
      const settled = work.then(
        () => undefined,
        () => undefined,
      );
      calls.set(settled, controller);
      void settled.then(() => calls.delete(settled));
    },
    size: () => calls.size,
    idle: async () => {
      while (calls.size > 0) await Promise.all([...calls.keys()]);
    },
    abortAll: (reason) => {
      for (const controller of calls.values()) controller.abort(new Error(reason));
    },
  };
};
