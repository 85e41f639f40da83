export * from './types';
export * from './errors';
export * from './storage';
export * from './validateAppend';
export * from './createEventStore';
