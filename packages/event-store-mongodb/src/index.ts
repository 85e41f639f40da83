export * from './mongoEventStorage';
export * from './createMongoEventStore';
export { commitIndexes, ensureIndexes, collectionsOf, COMMITS } from './ensureIndexes';
export type { CommitDocument, GapDocument, StoredDocument } from './commitDocument';
export { isGap } from './commitDocument';
export * from './serverInfo';
export * from './outbox';
export { importCommits } from './importCommits';
