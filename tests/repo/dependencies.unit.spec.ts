// The workspaces' package.json files against the code: one version of each third-party library, a workspace's
// shipped code (what its tsconfig.json builds, plus scripts its package.json `files` lists) imports only its
// `dependencies`, every dependency is imported by that shipped code (test- and bench-only libraries are
// devDependencies), and its tests, test helpers and benchmarks import only what it or the root declares.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import * as ts from 'typescript';

type Manifest = {
  readonly name: string;
  readonly files?: readonly string[];
  readonly scripts?: Readonly<Record<string, string>>;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
};

const root = resolve(__dirname, '../..');
const readManifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
const rootManifest = readManifest(root);
const workspaces = ['packages', 'services']
  .flatMap((group) => readdirSync(join(root, group)).map((name) => join(root, group, name)))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({ dir, label: relative(root, dir), manifest: readManifest(dir) }));
const workspaceOfDir = new Map(workspaces.map((w) => [w.dir, w.manifest.name]));
const builtins = new Set(builtinModules);
const isTypesPackage = (name: string): boolean => name.startsWith('@types/');

/** The package a specifier names, or, for a relative path into another workspace, that workspace's package. */
const packageOf = (specifier: string, fromFile: string): string | undefined => {
  if (specifier.startsWith('.')) {
    const target = resolve(dirname(fromFile), specifier);
    const home = workspaces.find((w) => target.startsWith(w.dir + sep));
    return home && !fromFile.startsWith(home.dir + sep) ? workspaceOfDir.get(home.dir) : undefined;
  }
  if (specifier.startsWith('node:') || builtins.has(specifier.split('/')[0] ?? '')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
};

/** import/export … from, import(), require() and require.resolve(), and the fixed start of a template require. */
const importsOf = (file: string): Set<string> => {
  const text = readFileSync(file, 'utf8');
  const specifiers = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
  for (const m of text.matchAll(/require(?:\.resolve)?\(\s*`([^`$]+)/g)) if (m[1]) specifiers.push(m[1]);
  return new Set(specifiers.map((s) => packageOf(s, file)).filter((p): p is string => p !== undefined));
};

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'node_modules' || entry === 'dist' ? [] : sourceFiles(path);
    return /\.(ts|cts|mts|js|cjs|mjs)$/.test(entry) && !entry.endsWith('.d.ts') ? [path] : [];
  });

/** What the workspace's build compiles (its tsconfig.json), plus the scripts its package.json `files` lists. */
const shippedFiles = (dir: string, manifest: Manifest): Set<string> => {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(dir, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  const scripts = (manifest.files ?? []).map((f) => join(dir, f)).filter((f) => /\.(js|cjs|mjs)$/.test(f));
  return new Set([...(parsed?.fileNames ?? []), ...scripts].filter((f) => !f.endsWith('.json')).map((f) => resolve(f)));
};

const analysed = workspaces.map((w) => {
  const shipped = shippedFiles(w.dir, w.manifest);
  const shippedImports = new Map<string, string>();
  const testImports = new Map<string, string>();
  for (const file of sourceFiles(w.dir)) {
    const into = shipped.has(file) ? shippedImports : testImports;
    for (const name of importsOf(file)) if (name !== w.manifest.name && !into.has(name)) into.set(name, file);
  }
  return { ...w, shippedImports, testImports };
});

const at = (file: string | undefined): string => (file ? relative(root, file) : '?');

describe('workspace dependencies', () => {
  it('finds the workspaces and what they ship', () => {
    expect(analysed.length).toBeGreaterThan(20);
    const decider = analysed.find((w) => w.label === join('packages', 'decider'));
    expect(decider?.shippedImports.has('@carebridge/event-store')).toBe(true);
  });

  it('uses one version of each third-party library across all package.json files', () => {
    const versions = new Map<string, Map<string, string[]>>();
    for (const { label, manifest } of [{ label: '(root)', manifest: rootManifest }, ...workspaces]) {
      const kinds = [
        manifest.dependencies,
        manifest.devDependencies,
        manifest.peerDependencies,
        manifest.optionalDependencies,
      ];
      for (const [name, version] of kinds.flatMap((kind) => Object.entries(kind ?? {}))) {
        if (name.startsWith('@carebridge/')) continue;
        const byVersion = versions.get(name) ?? new Map<string, string[]>();
        byVersion.set(version, [...(byVersion.get(version) ?? []), label]);
        versions.set(name, byVersion);
      }
    }
    const split = [...versions]
      .filter(([, byVersion]) => byVersion.size > 1)
      .map(
        ([name, byVersion]) =>
          `${name}: ${[...byVersion].map(([v, where]) => `${v} in ${where.join(', ')}`).join('; ')}`,
      );
    expect(split).toEqual([]);
  });

  it("declares in a workspace's dependencies every module its shipped code imports", () => {
    const missing = analysed.flatMap((w) =>
      [...w.shippedImports]
        .filter(([name]) => !w.manifest.dependencies?.[name] && !w.manifest.peerDependencies?.[name])
        .map(([name, file]) => `${w.label}: ${name} (imported by ${at(file)})`),
    );
    expect(missing).toEqual([]);
  });

  it('keeps out of dependencies what only tests, test helpers and benchmarks use (those are devDependencies)', () => {
    const notShipped = analysed.flatMap((w) =>
      Object.keys(w.manifest.dependencies ?? {})
        .filter((name) => !isTypesPackage(name) && !w.shippedImports.has(name))
        .map((name) =>
          w.testImports.has(name)
            ? `${w.label}: ${name} is only used by ${at(w.testImports.get(name))}: a devDependency`
            : `${w.label}: ${name} is never imported`,
        ),
    );
    expect(notShipped).toEqual([]);
  });

  it('declares what tests, test helpers and benchmarks import, and drops devDependencies nothing uses', () => {
    const rootDeclared = { ...rootManifest.dependencies, ...rootManifest.devDependencies };
    const problems = analysed.flatMap((w) => {
      const declared = { ...w.manifest.dependencies, ...w.manifest.devDependencies };
      const undeclared = [...w.testImports]
        .filter(([name]) => !declared[name] && !rootDeclared[name])
        .map(([name, file]) => `${w.label}: ${name} (imported by ${at(file)}) is not declared`);
      const scripts = Object.values(w.manifest.scripts ?? {}).join('\n');
      const unused = Object.keys(w.manifest.devDependencies ?? {})
        .filter((name) => !isTypesPackage(name) && !w.testImports.has(name) && !w.shippedImports.has(name))
        .filter((name) => !scripts.includes(name))
        .map((name) => `${w.label}: devDependency ${name} is never imported`);
      return [...undeclared, ...unused];
    });
    expect(problems).toEqual([]);
  });

  it('names only workspaces of this repository as @carebridge/ dependencies', () => {
    const unknown = workspaces.flatMap((w) =>
      Object.keys({ ...w.manifest.dependencies, ...w.manifest.devDependencies })
        .filter((name) => name.startsWith('@carebridge/'))
        .filter((name) => !workspaces.some((other) => other.manifest.name === name))
        .map((name) => `${w.label}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });
});
