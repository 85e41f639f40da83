export * from './decider';
export * from './commandHandler';
export { omit } from './omit';
