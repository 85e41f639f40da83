/**
 * Runs synchronous work behind a Promise-returning port: what it returns resolves the promise and what it throws
 * rejects it, exactly as the body of an `async` function would (a caller never sees a synchronous throw).
 */
export const promiseOf = <T>(work: () => T): Promise<T> => new Promise<T>((resolve) => resolve(work()));
