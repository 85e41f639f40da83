// Test helpers (jest): imported as @carebridge/document-store/testing, never built into dist/.
export * from './documentStoreContract';
