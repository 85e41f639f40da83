// Lints source text as if it lived at each of the given paths, with the repository's own eslint.config.mjs, and
// prints {filePath, ruleIds} per path as JSON. Run as a child process by unitTimeRule.unit.spec.ts: ESLint loads
// its ESM config with import(), which jest's module registry does not allow.
// The planted paths are not files of tsconfig.tests.json's program, so type information is off for them; the
// rules under test need none.
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const root = resolve(import.meta.dirname, '..', '..');
const { source, filePaths } = JSON.parse(process.argv[2] ?? '{}');
const eslint = new ESLint({
  cwd: root,
  overrideConfig: [{ files: filePaths, ...tseslint.configs.disableTypeChecked }],
});
const results = [];
for (const filePath of filePaths) {
  const [result] = await eslint.lintText(source, { filePath });
  results.push({ filePath, ruleIds: result?.messages.map((m) => m.ruleId ?? m.message) ?? [] });
}
process.stdout.write(JSON.stringify(results));
