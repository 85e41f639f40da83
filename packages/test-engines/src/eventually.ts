export type EventuallyOptions = {
  /** What is awaited, for the timeout's message. */
  readonly what?: string;
  /** How long to keep trying (default 60 s: integration tests wait on real servers). */
  readonly timeoutMs?: number;
  /** The pause between two tries (default 100 ms). */
  readonly intervalMs?: number;
};

/** Thrown by a probe that knows the wait is hopeless (the process it watches has exited): eventually fails at once. */
export class StopWaiting extends Error {
  override readonly name = 'StopWaiting';
}

/** Not there yet: `false`, or a probe that threw (a failed expect). */
const NOT_YET = Symbol('not yet');

/**
 * Waits until something has happened instead of sleeping and hoping it has: calls `probe` until it neither
 * throws nor returns `false`, pausing `intervalMs` between tries, and resolves with what it returned. After
 * `timeoutMs` it rejects, naming what it waited for and the last failure (the last thrown error is the cause).
 * A probe that throws StopWaiting ends the wait at once with that error.
 *
 *   await eventually(async () => expect(await count()).toBe(3), { what: 'three rows' });
 *   const row = await eventually(async () => (await find(id)) ?? false, { timeoutMs: 120_000 });
 */
export const eventually = async <T>(
  probe: () => T | Promise<T>,
  options: EventuallyOptions = {},
): Promise<Exclude<T, false>> => {
  const { what = 'the condition', timeoutMs = 60_000, intervalMs = 100 } = options;
  const deadline = Date.now() + timeoutMs;
  let last: { error: unknown } | undefined;
  for (;;) {
    const outcome = await (async () => {
      try {
        const value = await probe();
        last = undefined;
        return value === false ? NOT_YET : value;
      } catch (error) {
        if (error instanceof StopWaiting) throw error;
        last = { error };
        return NOT_YET;
      }
    })();
    if (outcome !== NOT_YET) return outcome as Exclude<T, false>;
    if (Date.now() >= deadline) {
      const why = last
        ? `last failure: ${last.error instanceof Error ? last.error.message : String(last.error)}`
        : 'the probe last returned false';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${why}`, last ? { cause: last.error } : {});
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))));
  }
};
