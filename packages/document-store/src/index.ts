export * from './types';
export * from './errors';
export * from './filter';
export * from './findOptions';
export * from './plainDocument';
export * from './storage';
export * from './createDocumentStore';
