export * from './decider';
export * from './commandHandler';
export { omit } from './omit';
export { retryOnConflict, type RetryOptions } from './retryOnConflict';
