import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@trailmark/testing';
import { checkPackage, readManifest, type Layer } from './architecture/workspace.js';

// docs/architecture.md "Layers and purity": cli, action → trailmark → domain packages and adapters → core. Domain packages
// never import each other or adapters; pure packages (core, domain) read no env, clock,
// randomness, filesystem or network, and use only allowlisted third-party packages. Imports are
// collected with the TypeScript parser (static, `export … from`, side-effect, `import()`,
// `require`, subpaths), from src, tests and scripts alike; every package declares what it uses
// (tests included: no reliance on root hoisting) and uses what it declares.
const LAYERS: Readonly<Record<string, Layer>> = {
  core: 'core',
  manifest: 'domain',
  sbom: 'domain',
  attest: 'domain',
  verify: 'domain',
  trace: 'domain',
  report: 'domain',
  git: 'adapter',
  kube: 'adapter',
  oci: 'adapter',
  github: 'adapter',
  store: 'adapter',
  trailmark: 'facade',
  cli: 'cli',
  action: 'action',
  testing: 'testing',
};

/** Third-party packages a pure package may depend on (each reviewed: no I/O at import or use). */
const PURE_ALLOWLIST: ReadonlySet<string> = new Set([
  'ajv', // JSON Schema validation (core, sbom)
  'ajv-formats',
  'ajv-formats-draft2019', // needed by cyclonedx-library's validator
  'yaml', // manifest and lockfile parsing
  'smol-toml', // Cargo, Poetry, uv lockfiles
  '@yarnpkg/parsers', // yarn berry lockfiles
  'packageurl-js',
  '@cyclonedx/cyclonedx-library', // CycloneDX model, serializer, validator
  '@sigstore/bundle', // bundle types and (de)serialisation
  '@sigstore/core', // DSSE PAE, X.509, ASN.1, RFC 3161 parsing
  '@sigstore/protobuf-specs',
  '@sigstore/verify', // verification over injected trust material
  '@noble/curves', // pre-hashed ECDSA
]);

/** Declared dependencies used without an import from a scanned file, per package, and why. */
const USED_WITHOUT_IMPORT: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  sbom: {
    ajv: "@cyclonedx/cyclonedx-library's JSON validator requires it at run time",
    'ajv-formats': 'the same',
    'ajv-formats-draft2019': 'the same',
  },
  cli: {
    'better-sqlite3':
      'a native module the bundle (pkg/dist) imports at run time; esbuild keeps it external',
  },
  store: {
    '@types/better-sqlite3': 'types of better-sqlite3, read by tsc through its import',
    '@types/pg': 'types of pg, read by tsc through its import',
  },
  '.': {
    eslint: 'the lint step of the test command',
    '@eslint/js': 'eslint.config.js (a config the scan reads, but eslint loads)',
    prettier: 'prettier --check in the test command',
    vite: "vitest's peer, pinned through the catalog",
    '@vitest/coverage-v8': 'vitest run --coverage',
    '@types/node': 'types of node builtins',
    '@cyclonedx/cyclonedx-npm': 'run as a command by test/e2e/sbom-peer.test.ts',
    '@trailmark/cli':
      'its bin, node_modules/.bin/trailmark, is what the e2e tests and the demo run',
  },
};

/** The test runner the root provides to every package's tests. */
const TEST_RUNNER: ReadonlySet<string> = new Set(['vitest']);

const packagesDir = join(REPO_ROOT, 'packages');
const packages = readdirSync(packagesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const check = (dir: string, layer: Layer | undefined, extra: object = {}): string[] =>
  checkPackage({
    root: REPO_ROOT,
    dir,
    layer,
    layers: LAYERS,
    pureAllowlist: PURE_ALLOWLIST,
    usedWithoutImport:
      USED_WITHOUT_IMPORT[relative(REPO_ROOT, dir).replace(/^packages\//, '') || '.'],
    testRunner: TEST_RUNNER,
    ...extra,
  });

describe('architecture', () => {
  it('knows the layer of every package', () => {
    for (const name of packages)
      expect(LAYERS[name], `packages/${name} has no layer in this test`).toBeDefined();
  });

  it.each(packages)('packages/%s keeps the layering, purity and dependency rules', (name) => {
    expect(check(join(packagesDir, name), LAYERS[name])).toEqual([]);
  });

  it('keeps the Action thin: facade and core only, declared and used', () => {
    expect(check(join(REPO_ROOT, 'action'), 'action')).toEqual([]);
  });

  it('declares at the root what the root tests, benchmarks and scripts import', () => {
    const violations = check(REPO_ROOT, undefined, {
      src: [],
      tests: [
        'test',
        'bench',
        'scripts',
        'examples/demo.mjs',
        'vitest.config.ts',
        'eslint.config.js',
      ],
      exclude: ['test/fixtures/'],
    });
    expect(violations).toEqual([]);
  });

  it('rejects the bad fixture package, naming each violation', () => {
    const bad = 'test/fixtures/architecture/bad-package';
    expect(check(join(REPO_ROOT, bad), 'domain').sort()).toEqual(
      [
        // dependencies: an adapter import, off-allowlist and unused packages
        `${bad}/package.json: lodash is not on the allowlist of pure packages`,
        `${bad}/package.json: dependency packageurl-js is imported nowhere`,
        // imports: subpath, side-effect, export-from, double-quoted and dynamic, all collected
        `${bad}/src/index.ts:3: @trailmark/trailmark/stamp is facade layer, not allowed from domain`,
        `${bad}/src/index.ts:3: static import of @trailmark/trailmark/stamp not in dependencies`,
        `${bad}/src/index.ts:4: side-effect import of yaml not in dependencies`,
        `${bad}/src/index.ts:8: export import of smol-toml not in dependencies`,
        `${bad}/src/index.ts:13: dynamic import of left-pad not in dependencies`,
        `${bad}/src/later.ts:2: import() of a computed specifier cannot be checked`,
        `${bad}/test/uses-adapter.ts:2: @trailmark/oci is adapter layer, not allowed from domain`,
        `${bad}/test/uses-adapter.ts:2: static import of @trailmark/oci not in dependencies or devDependencies`,
        `${bad}/test/uses-adapter.ts:3: static import of @trailmark/testing not in dependencies or devDependencies`,
        // purity: env, cwd, clock, randomness, network, filesystem
        `${bad}/src/index.ts:6: import of node:fs (pure)`,
        `${bad}/src/index.ts:7: import of randomUUID (pure)`,
        `${bad}/src/index.ts:10: destructuring of process (pure)`,
        `${bad}/src/index.ts:18: process.env (pure)`,
        `${bad}/src/index.ts:19: process.cwd (pure)`,
        `${bad}/src/index.ts:20: performance.now (pure)`,
        `${bad}/src/index.ts:21: randomUUID() (pure)`,
        `${bad}/src/index.ts:22: new Date() (the clock) (pure)`,
        `${bad}/src/index.ts:23: Date.now (pure)`,
        `${bad}/src/index.ts:24: Math.random (pure)`,
        `${bad}/src/index.ts:25: fetch() (pure)`,
      ].sort(),
    );
  });

  it('keeps the test-only package out of runtime dependencies', () => {
    for (const name of packages)
      expect(Object.keys(readManifest(join(packagesDir, name)).dependencies ?? {})).not.toContain(
        '@trailmark/testing',
      );
  });
});
