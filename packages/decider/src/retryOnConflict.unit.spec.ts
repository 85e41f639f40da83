import { ConcurrencyConflictError, EventStoreError, InvalidAppendError } from '@carebridge/event-store';
import { retryOnConflict } from './retryOnConflict';

/** Work that fails with the given errors, in order, and then answers 'done'. */
const failingWith = (...errors: Error[]) => {
  let calls = 0;
  const work = () => {
    const error = errors[calls++];
    return error ? Promise.reject(error) : Promise.resolve('done');
  };
  return { work, calls: () => calls };
};

const conflict = () => new ConcurrencyConflictError('case-1', '3', 4);

describe('retryOnConflict', () => {
  // The pauses between tries are real (a few milliseconds), so this spec runs on the real clock.
  beforeAll(() => jest.useRealTimers());

  test('a conflict runs the work again, which then decides on what it reads', async () => {
    const { work, calls } = failingWith(conflict(), conflict());
    await expect(retryOnConflict(work)).resolves.toBe('done');
    expect(calls()).toBe(3);
  });

  test('a conflict that outlasts the tries reaches the caller', async () => {
    const { work, calls } = failingWith(conflict(), conflict(), conflict());
    await expect(retryOnConflict(work, { tries: 2 })).rejects.toBeInstanceOf(ConcurrencyConflictError);
    expect(calls()).toBe(2);
  });

  test('a store that could not place the commit is tried again, at most three times', async () => {
    const storeFailure = () => new EventStoreError('could not place the commit');
    await expect(retryOnConflict(failingWith(storeFailure(), storeFailure()).work)).resolves.toBe('done');
    const { work, calls } = failingWith(storeFailure(), storeFailure(), storeFailure(), storeFailure());
    await expect(retryOnConflict(work)).rejects.toThrow('could not place the commit');
    expect(calls()).toBe(4);
  }, 10_000);

  test('any other error is not retried', async () => {
    const { work, calls } = failingWith(new InvalidAppendError([]), conflict());
    await expect(retryOnConflict(work)).rejects.toBeInstanceOf(InvalidAppendError);
    expect(calls()).toBe(1);
  });
});
