// One jest run, three levels: unit (pure, no engines), int (real Kafka + MongoDB-wire), e2e (whole services).
const shared = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }] },
  moduleNameMapper: {
    '^@carebridge/([^/]+)/testing$': '<rootDir>/packages/$1/src/testing/index.ts',
    // A package's entry, or a service's (the suite composes services by their package entries).
    '^@carebridge/([^/]+)$': ['<rootDir>/packages/$1/src/index.ts', '<rootDir>/services/$1/src/index.ts'],
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  rootDir: __dirname,
};

/** @type {import('jest').Config} */
module.exports = {
  // Jest's default report, then one closing line: "jest: N passed, N failed[, N skipped]".
  reporters: ['<rootDir>/packages/test-engines/summaryReporter.cjs'],
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{packages,services,tests}/**/*.unit.spec.ts'],
      // Unit tests neither sleep nor read the wall clock: timers and Date are jest's, and move only when a test
      // moves them (jest.advanceTimersByTime). Time that matters to the code under test comes from an injected clock.
      fakeTimers: { enableGlobally: true },
    },
    {
      ...shared,
      displayName: 'int',
      testMatch: ['<rootDir>/{packages,services,tests}/**/*.{int,e2e}.spec.ts'],
      globalSetup: '<rootDir>/packages/test-engines/src/globalSetup.ts',
      globalTeardown: '<rootDir>/packages/test-engines/src/globalTeardown.ts',
      setupFilesAfterEnv: ['<rootDir>/packages/test-engines/src/intTimeout.ts'],
    },
  ],
};
