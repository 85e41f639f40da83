// Test helpers: imported as @carebridge/service-host/testing, never built into dist/.
export * from './childProcess';
export * from './waitUntil';
