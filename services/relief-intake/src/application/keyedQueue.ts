/**
 * Runs tasks one at a time per key, in arrival order. The fund is one stream: inside one process, queueing its
 * writers costs nothing, while letting them race would turn every approval after the first into a lost
 * optimistic write and a retry.
 */
export type KeyedQueue = <T>(key: string, task: () => Promise<T>) => Promise<T>;

export const createKeyedQueue = (): KeyedQueue => {
  const tails = new Map<string, Promise<unknown>>();
  return (key, task) => {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
};
