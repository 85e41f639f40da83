// One jest run, three levels: unit (pure, no engines), int (real Kafka + MongoDB-wire), e2e (whole services).
const shared = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }] },
  moduleNameMapper: {
    '^@carebridge/([^/]+)/testing$': '<rootDir>/packages/$1/src/testing/index.ts',
    '^@carebridge/([^/]+)$': '<rootDir>/packages/$1/src/index.ts',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  rootDir: __dirname,
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{packages,services,tests}/**/*.unit.spec.ts'] },
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
