import { execFile } from 'node:child_process';
import { join } from 'node:path';

type Linted = { filePath: string; ruleIds: string[] };

/** The repository's ESLint configuration applied to `source` at each path (lintPlanted.mjs, in a child process). */
const lintAt = (source: string, filePaths: string[]): Promise<Linted[]> =>
  new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(__dirname, 'lintPlanted.mjs'), JSON.stringify({ source, filePaths })],
      { cwd: join(__dirname, '..', '..') },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`lintPlanted.mjs failed: ${stderr || error.message}`));
        else resolve(JSON.parse(stdout) as Linted[]);
      },
    );
  });

const planted = [
  'export const slept = new Promise((resolve) => setTimeout(resolve, 100));',
  'export const now = Date.now();',
  'export const today = new Date();',
  'export const elapsed = performance.now() + Number(process.hrtime.bigint());',
  "export const fixed = new Date('2024-05-01T08:00:00Z');",
  '',
].join('\n');

describe('the lint rule against real time in unit tests', () => {
  const unit = 'packages/divisions/src/planted.unit.spec.ts';
  const unitHelper = 'services/hotline/src/domain/testing/planted.ts';
  const int = 'packages/divisions/src/planted.int.spec.ts';
  let linted: Map<string, string[]>;
  beforeAll(async () => {
    linted = new Map((await lintAt(planted, [unit, unitHelper, int])).map((r) => [r.filePath, r.ruleIds]));
  }, 60_000);

  it('reports timers and clock reads in a unit spec, and a fixed date not', () => {
    expect([...(linted.get(unit) ?? [])].sort()).toEqual(
      [
        'no-restricted-globals', // setTimeout
        'no-restricted-properties', // Date.now
        'no-restricted-syntax', // new Date()
        'no-restricted-properties', // performance.now
        'no-restricted-properties', // process.hrtime
      ].sort(),
    );
  });

  it('reports them in a helper of unit specs too', () => {
    expect(linted.get(unitHelper)).toHaveLength(5);
  });

  it('leaves the same text alone in an integration spec', () => {
    expect(linted.get(int)).toEqual([]);
  });
});
