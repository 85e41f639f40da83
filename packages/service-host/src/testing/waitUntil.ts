import { eventually } from '@carebridge/test-engines';

/** Polls until `check` holds; the timeout names what never happened. */
export const waitUntil = async (
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> => {
  await eventually(check, { what, timeoutMs });
};
