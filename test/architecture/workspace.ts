import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import type ts from 'typescript';
import {
  COMPUTED,
  collectImports,
  findImpurities,
  packageOf,
  parse,
  type ImportUse,
} from './collect.js';

/** docs/architecture.md "Layers and purity": the layer of a workspace package. */
export type Layer = 'core' | 'domain' | 'adapter' | 'facade' | 'cli' | 'action' | 'testing';

/** The layers each layer may depend on. */
export const ALLOWED: Readonly<Record<Layer, readonly Layer[]>> = {
  core: [],
  domain: ['core'],
  adapter: ['core'],
  facade: ['core', 'domain', 'adapter'],
  cli: ['core', 'facade'],
  action: ['core', 'facade'],
  testing: ['core'],
};

/** The package.json members the checks read. */
export interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** A package to check: its directory, layer, and the layers of the workspace packages. */
export interface PackageUnderTest {
  root: string;
  dir: string;
  /** Undefined for the repository root, which only declares what its tests and tools use. */
  layer: Layer | undefined;
  /** Folders of runtime sources (default `src`) and of tests and scripts (default `test`, `scripts`). */
  src?: readonly string[];
  tests?: readonly string[];
  /** Paths (relative to `dir`) left out of the scan. */
  exclude?: readonly string[];
  layers: Readonly<Record<string, Layer>>;
  /** Third-party packages a pure (core/domain) package may use. */
  pureAllowlist: ReadonlySet<string>;
  /** Declared dependencies used without an import (CLI tools, optional peers), with the reason. */
  usedWithoutImport?: Readonly<Record<string, string>>;
  /** Test tools every package's tests may import undeclared, because the root runs them. */
  testRunner?: ReadonlySet<string>;
}

interface SourceFile {
  path: string;
  source: ts.SourceFile;
  imports: ImportUse[];
}

const BUILTINS: ReadonlySet<string> = new Set(builtinModules);
const SOURCE = /\.(ts|mts|js|mjs)$/;

/** Reads a package.json. */
export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** The source files under `dir/sub` (recursively; `sub` may be one file), parsed, with imports. */
export function sourcesOf(
  root: string,
  dir: string,
  subs: readonly string[],
  exclude: readonly string[] = [],
): SourceFile[] {
  const paths = subs.flatMap((sub) => {
    const base = join(dir, sub);
    if (!existsSync(base)) return [];
    if (statSync(base).isFile()) return [sub];
    return readdirSync(base, { recursive: true, encoding: 'utf8' }).map((file) => join(sub, file));
  });
  return paths
    .filter((path) => SOURCE.test(path) && !path.endsWith('.d.ts'))
    .filter((path) => !path.includes('node_modules') && !path.split('/').includes('dist'))
    .filter((path) => !exclude.some((skip) => path.startsWith(skip)))
    .sort()
    .map((path) => {
      const file = join(dir, path);
      const source = parse(relative(root, file), readFileSync(file, 'utf8'));
      return { path: relative(root, file), source, imports: collectImports(source) };
    });
}

/** Every rule of docs/architecture.md "Layers and purity" this package breaks, one line each (empty when it keeps them). */
export function checkPackage(pkg: PackageUnderTest): string[] {
  const manifest = readManifest(pkg.dir);
  const runtime = new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
  ]);
  const dev = new Set(Object.keys(manifest.devDependencies ?? {}));
  const src = sourcesOf(pkg.root, pkg.dir, pkg.src ?? ['src'], pkg.exclude);
  const tests = sourcesOf(pkg.root, pkg.dir, pkg.tests ?? ['test', 'scripts'], pkg.exclude);
  const label = relative(pkg.root, pkg.dir) || '.';
  const forTests = new Set([...runtime, ...dev, ...(pkg.testRunner ?? [])]);
  return [
    ...[...runtime].flatMap((dep) =>
      edge(pkg, manifest.name, dep, `${label}/package.json: ${dep}`),
    ),
    ...undeclared(manifest.name, src, runtime, 'dependencies'),
    ...undeclared(manifest.name, tests, forTests, 'dependencies or devDependencies'),
    ...src.flatMap((file) =>
      file.imports
        .filter((use) => use.specifier === COMPUTED)
        .map(
          (use) => `${file.path}:${use.line}: import() of a computed specifier cannot be checked`,
        ),
    ),
    ...importedEdges(pkg, manifest.name, src, false),
    ...importedEdges(pkg, manifest.name, tests, true),
    ...(pkg.layer === 'core' || pkg.layer === 'domain' ? purity(pkg, label, src, runtime) : []),
    ...unused(pkg, label, runtime, src, 'dependency'),
    ...unused(pkg, label, dev, [...src, ...tests], 'devDependency'),
  ];
}

// Imports of @trailmark/* point only to allowed layers (tests may also use the testing package).
function importedEdges(
  pkg: PackageUnderTest,
  self: string,
  files: readonly SourceFile[],
  isTest: boolean,
): string[] {
  return files.flatMap((file) =>
    file.imports.flatMap((use) => {
      const dep = packageOf(use.specifier, BUILTINS);
      if (dep === undefined || (isTest && dep === '@trailmark/testing')) return [];
      return edge(pkg, self, dep, `${file.path}:${use.line}: ${use.specifier}`);
    }),
  );
}

// One dependency edge: from this package's layer to the layer of an @trailmark/* package.
function edge(pkg: PackageUnderTest, self: string, dep: string, where: string): string[] {
  if (pkg.layer === undefined || !dep.startsWith('@trailmark/') || dep === self) return [];
  const target = pkg.layers[dep.slice('@trailmark/'.length)];
  if (target !== undefined && ALLOWED[pkg.layer].includes(target)) return [];
  return [`${where} is ${target ?? 'an unknown'} layer, not allowed from ${pkg.layer}`];
}

// Every package a file imports is declared (its own name and node builtins aside).
function undeclared(
  self: string,
  files: readonly SourceFile[],
  declared: ReadonlySet<string>,
  where: string,
): string[] {
  return files.flatMap((file) =>
    file.imports.flatMap((use) => {
      const dep = packageOf(use.specifier, BUILTINS);
      if (dep === undefined || dep === self || dep.startsWith('node:') || declared.has(dep))
        return [];
      // Computed specifiers (benchmarks load built files by path) are reported for src only.
      if (use.specifier === COMPUTED) return [];
      return [`${file.path}:${use.line}: ${use.kind} import of ${use.specifier} not in ${where}`];
    }),
  );
}

// Pure layers: no env, clock, randomness, filesystem or network; third-party packages allowlisted.
function purity(
  pkg: PackageUnderTest,
  label: string,
  src: readonly SourceFile[],
  runtime: ReadonlySet<string>,
): string[] {
  const notAllowed = [...runtime]
    .filter((dep) => !dep.startsWith('@trailmark/') && !pkg.pureAllowlist.has(dep))
    .map((dep) => `${label}/package.json: ${dep} is not on the allowlist of pure packages`);
  const impure = src.flatMap((file) =>
    findImpurities(file.source).map((found) => `${file.path}:${found.line}: ${found.what} (pure)`),
  );
  return [...notAllowed, ...impure];
}

// Every declared dependency is imported somewhere (or listed as used without an import).
function unused(
  pkg: PackageUnderTest,
  label: string,
  declared: ReadonlySet<string>,
  files: readonly SourceFile[],
  kind: string,
): string[] {
  const imported = new Set(
    files.flatMap((file) => file.imports.map((use) => packageOf(use.specifier, BUILTINS))),
  );
  return [...declared]
    .filter((dep) => !imported.has(dep) && pkg.usedWithoutImport?.[dep] === undefined)
    .map((dep) => `${label}/package.json: ${kind} ${dep} is imported nowhere`);
}
