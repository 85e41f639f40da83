// Test helpers (jest): imported as @carebridge/decider/testing, never built into dist/.
export * from './specification';
