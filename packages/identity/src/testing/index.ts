// Test helpers (jest): imported as @carebridge/identity/testing, never built into dist/.
export * from './idNumberTable';
