export * from './decider';
export * from './commandHandler';
export * from './specification';
