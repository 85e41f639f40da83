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
  prettier,
);
