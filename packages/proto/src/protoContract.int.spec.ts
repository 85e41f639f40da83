import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { protocGenDocPath } from '@carebridge/test-engines';

/**
 * The protos are a contract with agency systems: buf lint (packages/proto/buf.yaml) keeps every element
 * documented, buf breaking compares with the baseline image of the last release, and docs/api/reference.md is
 * what the protos' comments say. The mutations below are generated per v1 file, so a new file is covered too.
 */
const protoRoot = resolve(__dirname, '..');
const repoRoot = resolve(protoRoot, '../..');
const bufBin = join(repoRoot, 'node_modules/.bin/buf');
const baseline = join(protoRoot, 'baseline/v1.binpb');

const buf = (args: readonly string[], cwd = protoRoot) => {
  const run = spawnSync(bufBin, args, { cwd, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
};

type Violation = { readonly path: string; readonly type: string };
const violations = (output: string): Violation[] =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Violation);

const v1Files = readdirSync(join(protoRoot, 'carebridge'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.proto'))
  .map((file) => `carebridge/${file}`)
  .filter((file) => /\/v1\/[^/]+\.proto$/.test(file));

/** The first scalar field of a request message (what an agency sends), `  string name = 3 [...];`, in parts. */
const firstScalarField = (source: string) => {
  let inRequest = false;
  for (const line of source.split('\n')) {
    if (/^message \w+Request \{\s*$/.test(line)) inRequest = true;
    else if (line.startsWith('}')) inRequest = false;
    const field = inRequest && /^(\s+)(string|int32|int64|uint32|bool|double) (\w+) = (\d+)(.*;)$/.exec(line);
    if (field) {
      const [, indent, type, name, number, rest] = field;
      return { line, indent: indent!, type: type!, name: name!, number: number!, rest: rest! };
    }
  }
  return undefined;
};

/** A copy of the proto module with one file changed, checked against the baseline. */
const breakingWith = (file: string, change: (source: string) => string): Violation[] => {
  const copy = mkdtempSync(join(tmpdir(), 'proto-breaking-'));
  try {
    for (const entry of ['buf.yaml', 'carebridge', 'google'])
      cpSync(join(protoRoot, entry), join(copy, entry), { recursive: true });
    const path = join(copy, file);
    writeFileSync(path, change(readFileSync(path, 'utf8')));
    const result = buf(['breaking', '--against', baseline, '--error-format', 'json'], copy);
    return violations(result.output);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
};

describe('the gRPC contract (packages/proto)', () => {
  test('buf lint passes: STANDARD and COMMENTS, with the waivers buf.yaml documents', () => {
    const result = buf(['lint', '--error-format', 'json']);
    expect(violations(result.output)).toEqual([]);
    expect(result.status).toBe(0);
  });

  test('the protos are compatible with the baseline image of the last release', () => {
    const result = buf(['breaking', '--against', baseline, '--error-format', 'json']);
    expect(violations(result.output)).toEqual([]);
    expect(result.status).toBe(0);
  });

  test('every v1 file is checked', () => {
    expect(v1Files).toEqual(
      expect.arrayContaining([
        'carebridge/hotline/v1/hotline.proto',
        'carebridge/relief/v1/relief_intake.proto',
        'carebridge/dispatch/v1/dispatch.proto',
        'carebridge/catalog/v1/service_catalog.proto',
        'carebridge/projections/v1/projections.proto',
      ]),
    );
  });

  describe.each(v1Files.filter((file) => firstScalarField(readFileSync(join(protoRoot, file), 'utf8'))))(
    '%s',
    (file) => {
      test('a comment-only change is compatible', () => {
        expect(breakingWith(file, (source) => `// A note an editor added.\n${source}`)).toEqual([]);
      });

      test('a field whose type changes is caught', () => {
        const found = breakingWith(file, (source) => {
          const field = firstScalarField(source)!;
          const other = field.type === 'string' ? 'int64' : 'string';
          return source.replace(field.line, `${field.indent}${other} ${field.name} = ${field.number}${field.rest}`);
        });
        expect(found.map((v) => `${v.path} ${v.type}`)).toContain(`${file} FIELD_SAME_TYPE`);
      });

      test('a renamed field is caught', () => {
        const found = breakingWith(file, (source) => {
          const field = firstScalarField(source)!;
          return source.replace(
            field.line,
            `${field.indent}${field.type} ${field.name}_renamed = ${field.number}${field.rest}`,
          );
        });
        expect(found.map((v) => `${v.path} ${v.type}`)).toContain(`${file} FIELD_SAME_NAME`);
      });

      test('a field moved to another number is caught (its old number is gone)', () => {
        const found = breakingWith(file, (source) => {
          const field = firstScalarField(source)!;
          return source.replace(field.line, `${field.indent}${field.type} ${field.name} = 999${field.rest}`);
        });
        expect(found.map((v) => `${v.path} ${v.type}`)).toContain(`${file} FIELD_NO_DELETE`);
      });
    },
  );

  test('docs/api/reference.md is what the protos say (npm run proto:docs writes it)', () => {
    const out = mkdtempSync(join(tmpdir(), 'proto-docs-'));
    try {
      const template = JSON.stringify({
        version: 'v2',
        plugins: [{ local: protocGenDocPath(), out, opt: 'markdown,reference.md', strategy: 'all' }],
      });
      const result = buf(['generate', '--template', template]);
      expect(result.output).toBe('');
      expect(readFileSync(join(out, 'reference.md'), 'utf8')).toBe(
        readFileSync(join(repoRoot, 'docs/api/reference.md'), 'utf8'),
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
