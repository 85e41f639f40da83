export * from './outboxStorage';
