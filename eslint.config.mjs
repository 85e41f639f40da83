// One lint configuration for the whole workspace: typescript-eslint's type-aware recommended and stylistic
// sets, Prettier owning layout, and the rules this project adds for itself (below).
import js from '@eslint/js';
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // Only generated or installed folders are ignored.
  { ignores: ['**/node_modules/', '**/dist/', 'coverage/', '.engines/', '.data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  comments.recommended,
  {
    languageOptions: {
      // One program over production code and tests alike (tsconfig.tests.json includes both).
      parserOptions: { project: './tsconfig.tests.json', tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Our style: `type` over `interface` (docs/style.md).
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      // A disable comment says why: `// eslint-disable-next-line rule -- reason`.
      '@eslint-community/eslint-comments/require-description': ['error', { ignore: [] }],
      '@eslint-community/eslint-comments/no-unlimited-disable': 'error',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Unit tests neither sleep nor read the wall clock (jest.config.js runs them on jest's fake timers): unit specs
    // and the helpers they import. Integration helpers and specs may use real time.
    files: [
      '**/*.unit.spec.ts',
      '**/__fixtures__/**/*.ts',
      '**/*.fixture.ts',
      '**/*Fixture.ts',
      '**/domain/testing/**/*.ts',
      'packages/decider/src/testing/**/*.ts',
      'packages/event-store/src/testing/probeEvents.ts',
      'packages/grpc-kit/src/testing/{testToken,echoProto}.ts',
      'packages/outbox-relay/src/testing/outboxStorageContract.ts',
      'packages/telemetry/src/testing/**/*.ts',
    ],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['setTimeout', 'setInterval', 'setImmediate'].map((name) => ({
          name,
          message: `No ${name} in unit tests: wait on the event itself (a promise, a callback); what the code under test schedules runs on jest's fake timers, moved with jest.advanceTimersByTimeAsync.`,
        })),
      ],
      'no-restricted-imports': [
        'error',
        ...['timers', 'node:timers', 'timers/promises', 'node:timers/promises'].map((name) => ({
          name,
          message:
            "No real timers in unit tests: wait on the event itself, or move jest's fake timers (jest.advanceTimersByTimeAsync).",
        })),
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'No wall clock in unit tests: inject a clock (`clock: () => Date`) and move it by hand.',
        },
        {
          object: 'performance',
          property: 'now',
          message: 'No wall clock in unit tests: assert on the event, not on how long it took; inject a clock.',
        },
        {
          object: 'process',
          property: 'hrtime',
          message: 'No wall clock in unit tests: assert on the event, not on how long it took; inject a clock.',
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message:
            "No wall clock in unit tests: a fixed date (new Date('2024-05-01T08:00:00Z')) or an injected clock (`clock: () => Date`).",
        },
        {
          selector: "CallExpression[callee.name='Date']",
          message: "No wall clock in unit tests: a fixed date (new Date('2024-05-01T08:00:00Z')) or an injected clock.",
        },
      ],
    },
  },
  {
    // CommonJS files (jest reporters, the TypeScript require hook) load modules the CommonJS way.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
