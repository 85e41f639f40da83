// Test helpers (jest): imported as @carebridge/personal-data/testing, never built into dist/.
export * from './keyVaultContract';
export * from './keyRotationContract';
