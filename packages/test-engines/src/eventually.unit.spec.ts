import { eventually, StopWaiting } from './eventually';

// Jest's fake timers (the unit project's): time passes only when the test moves it.
describe('eventually', () => {
  /** A probe that fails `failures` times (throwing, or returning false), then returns `value`; counts its calls. */
  const probeFailing = <T>(failures: number, value: T, by: 'throwing' | 'false' = 'throwing') => {
    const probe = jest.fn(() => {
      if (probe.mock.calls.length > failures) return value;
      if (by === 'false') return false;
      throw new Error(`not yet (call ${probe.mock.calls.length})`);
    });
    return probe;
  };
  /** Settles `promise` into a readable state, without unhandled rejections. */
  const watch = <T>(promise: Promise<T>) => {
    const state: { value?: T; error?: unknown; settled: boolean } = { settled: false };
    promise.then(
      (value) => Object.assign(state, { value, settled: true }),
      (error: unknown) => Object.assign(state, { error, settled: true }),
    );
    return state;
  };

  it('resolves with the first result that passes, without waiting when it passes at once', async () => {
    await expect(eventually(() => 'ready')).resolves.toBe('ready');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('tries again every interval until the probe stops throwing', async () => {
    const probe = probeFailing(3, { rows: 3 });
    const state = watch(eventually(probe, { intervalMs: 100, timeoutMs: 10_000 }));
    await jest.advanceTimersByTimeAsync(0);
    expect(probe).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(99);
    expect(probe).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(probe).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(200);
    expect(probe).toHaveBeenCalledTimes(4);
    expect(state).toEqual({ settled: true, value: { rows: 3 } });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('treats false as not yet, and resolves with any other value (undefined from an expect-only probe too)', async () => {
    const probe = probeFailing(2, undefined, 'false');
    const state = watch(eventually(probe, { intervalMs: 50 }));
    await jest.advanceTimersByTimeAsync(100);
    expect(probe).toHaveBeenCalledTimes(3);
    expect(state).toEqual({ settled: true, value: undefined });
  });

  it('gives up at its timeout, not before, naming what it waited for and the last failure', async () => {
    const probe = probeFailing(Infinity, 'never');
    const state = watch(eventually(probe, { what: 'the relay to publish', intervalMs: 100, timeoutMs: 1_000 }));
    await jest.advanceTimersByTimeAsync(999);
    expect(state.settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(state.settled).toBe(true);
    expect(state.error).toBeInstanceOf(Error);
    const error = state.error as Error;
    expect(error.message).toBe(
      'timed out after 1000 ms waiting for the relay to publish; last failure: not yet (call 11)',
    );
    expect((error.cause as Error).message).toBe('not yet (call 11)');
    expect(probe).toHaveBeenCalledTimes(11);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('says so when the probe last returned false', async () => {
    const state = watch(eventually(() => false, { timeoutMs: 300 }));
    await jest.advanceTimersByTimeAsync(300);
    expect((state.error as Error).message).toBe(
      'timed out after 300 ms waiting for the condition; the probe last returned false',
    );
  });

  it('stops at once when the probe throws StopWaiting', async () => {
    const probe = jest.fn((): boolean => {
      if (probe.mock.calls.length < 2) return false;
      throw new StopWaiting('the child exited');
    });
    const state = watch(eventually(probe, { intervalMs: 100, timeoutMs: 60_000 }));
    await jest.advanceTimersByTimeAsync(100);
    expect(state).toEqual({ settled: true, error: new StopWaiting('the child exited') });
    expect(probe).toHaveBeenCalledTimes(2);
    expect(jest.getTimerCount()).toBe(0);
  });
});
