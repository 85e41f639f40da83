export * from './sqliteEventStorage';
export * from './createEmbeddedEventStore';
export { ensureSchema } from './schema';
export * from './outbox';
