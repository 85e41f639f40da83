import { setTimeout as sleep } from 'node:timers/promises';

export type RetryPolicy = {
  /** Attempts in all, the first included, before the record goes to the dead-letter topic. */
  readonly attempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
};

export const defaultRetryPolicy: RetryPolicy = { attempts: 5, initialDelayMs: 200, maxDelayMs: 10_000 };

/** Exponential: initial, 2x, 4x ... capped. */
export const retryDelay = (policy: RetryPolicy, failedAttempt: number): number =>
  Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (failedAttempt - 1));

/** Waits `ms` while heartbeating, so a long backoff does not cost the partition in a rebalance. */
export const pauseWithHeartbeat = async (
  ms: number,
  heartbeat: () => Promise<void>,
  beatEveryMs = 1_000,
): Promise<void> => {
  const until = Date.now() + ms;
  for (let left = ms; left > 0; left = until - Date.now()) {
    await sleep(Math.min(left, beatEveryMs));
    await heartbeat();
  }
};
