// Test helpers (jest): imported as @carebridge/outbox-relay/testing, never built into dist/.
export * from './outboxStorageContract';
