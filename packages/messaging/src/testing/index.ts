// Test helpers (jest): imported as @carebridge/messaging/testing, never built into dist/.
export * from './consumerContract';
