import { readFileSync } from 'node:fs';
import { PackageURL } from 'packageurl-js';
import { describe, expect, it } from 'vitest';
import { golden } from '@trailmark/testing';
import type {
  HashAlgorithm,
  Lockfile,
  LockPackage,
  PackageHash,
  ReaderOptions,
} from '../src/index.js';
import {
  buildBom,
  createBomValidator,
  parsePackageManifest,
  readLockfile,
  serializeBom,
} from '../src/index.js';

// Real lockfiles of public projects, copied byte for byte (origins in fixtures/real/README.md),
// for the formats whose other fixtures are hand-written: npm v1 and v2, pnpm 6.0, Go, Poetry,
// uv, pip-compile requirements and Cargo. Every check below derives what it expects from the
// lockfile text by a simpler method than the reader's, so a reader bug cannot hide behind itself.

const REAL = new URL('./fixtures/real/', import.meta.url);

/** Text of a file under `test/fixtures/real/`. */
function real(path: string): string {
  return readFileSync(new URL(path, REAL), 'utf8');
}

/** 1-based lines: `lines(text)[n]` is line n. */
function lines(text: string): string[] {
  return ['', ...text.split('\n').map((line) => line.replace(/\r$/, ''))];
}

/** How a fixture's hashes are written in its lockfile. */
type HashEncoding =
  | 'hex' // Cargo `checksum`, Python `sha256:<hex>`
  | 'sri' // npm/pnpm `integrity: sha512-<base64>`
  | 'go-h1'; // go.sum `h1:<base64>` of the module's dirhash (SHA-256)

interface RealFixture {
  /** Directory under `fixtures/real/`; also the golden file's name. */
  name: string;
  lockfile: string;
  /** go.sum for go.mod. */
  companion?: string;
  manifests?: string[];
  formatVersion: string;
  purlType: string;
  hashes: HashEncoding;
  /**
   * The package count, derived independently from the text. Adjustments, each a rule of the
   * format: Cargo's root crate (the one path package nothing depends on) and uv's own project
   * (`source = { virtual = "." }`) are the lockfile's `root`, not packages.
   */
  count: (text: string) => number;
  /** Whether `line` is the line that opens `pkg`'s entry. */
  opens: (line: string, pkg: LockPackage, all: string[]) => boolean;
  /** Expected warnings (message patterns); any other warning fails the test. */
  warnings: RegExp[];
}

/** `[[package]]` tables of a TOML lockfile (Cargo, Poetry, uv). */
const tomlBlocks = (text: string): number => text.match(/^\[\[package\]\]$/gm)?.length ?? 0;

/** A TOML entry opens with `[[package]]` followed by its `name` and `version` lines. */
function opensTomlPackage(line: string, pkg: LockPackage, all: string[]): boolean {
  const name = all[pkg.source.line + 1] ?? '';
  const version = all[pkg.source.line + 2] ?? '';
  return (
    line === '[[package]]' &&
    name === `name = "${pkg.name}"` &&
    version === `version = "${pkg.version ?? ''}"`
  );
}

/** PEP 503 normalised name (`MarkupSafe` → `markupsafe`), as pypi purls and pip compare names. */
function normalizeName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/** Every entry of a package-lock v1 `dependencies` tree, nested ones included. */
function countV1Tree(tree: unknown): number {
  if (typeof tree !== 'object' || tree === null) return 0;
  return Object.values(tree as Record<string, { dependencies?: unknown }>).reduce(
    (sum, entry) => sum + 1 + countV1Tree(entry.dependencies),
    0,
  );
}

const FIXTURES: readonly RealFixture[] = [
  {
    name: 'npm-v1-hello-world-javascript-action',
    lockfile: 'npm-v1-hello-world-javascript-action/package-lock.json',
    manifests: ['npm-v1-hello-world-javascript-action/package.json'],
    formatVersion: '1',
    purlType: 'npm',
    hashes: 'sri',
    count: (text) => countV1Tree((JSON.parse(text) as { dependencies: unknown }).dependencies),
    // v1 keys are bare package names, nested under their parent's `dependencies`.
    opens: (line, pkg) =>
      line.trim() ===
      `${JSON.stringify(pkg.ref.slice(pkg.ref.lastIndexOf('node_modules/') + 13))}: {`,
    warnings: [],
  },
  {
    name: 'npm-v2-node-clang-format',
    lockfile: 'npm-v2-node-clang-format/package-lock.json',
    formatVersion: '2',
    purlType: 'npm',
    hashes: 'sri',
    // The `packages` map's install locations; the v1 compatibility tree after it is not counted.
    count: (text) => text.match(/^ {4}"node_modules\/[^"]+": \{$/gm)?.length ?? 0,
    opens: (line, pkg) => line === `    ${JSON.stringify(pkg.ref)}: {`,
    warnings: [],
  },
  {
    name: 'pnpm-v6-action-setup',
    lockfile: 'pnpm-v6-action-setup/pnpm-lock.yaml',
    formatVersion: '6.0',
    purlType: 'npm',
    hashes: 'sri',
    count: (text) => text.match(/^ {2}\/\S+:$/gm)?.length ?? 0,
    opens: (line, pkg) => line === `  ${pkg.ref}:`,
    warnings: [],
  },
  {
    name: 'go-gin',
    lockfile: 'go-gin/go.mod',
    companion: 'go-gin/go.sum',
    formatVersion: '1.18',
    purlType: 'golang',
    hashes: 'go-h1',
    // The require lines of go.mod's two `require ( … )` blocks (`<module> <version>`).
    count: (text) => text.match(/^\t\S+ v\S+( \/\/ indirect)?$/gm)?.length ?? 0,
    opens: (line, pkg) =>
      line.replace(/ \/\/ indirect$/, '') === `\t${goModule(pkg)} ${pkg.version ?? ''}`,
    warnings: [],
  },
  {
    name: 'poetry-tomlkit',
    lockfile: 'poetry-tomlkit/poetry.lock',
    formatVersion: '2.0',
    purlType: 'pypi',
    hashes: 'hex',
    count: tomlBlocks,
    opens: opensTomlPackage,
    // Poetry 1.8 writes lock-version 2.0 without `category` or `groups`: the lockfile itself
    // cannot tell tomlkit's dev tools (pytest, mypy, sphinx, …) from its runtime dependencies.
    warnings: [/^lock-version 2\.0 records no category or groups/],
  },
  {
    name: 'uv-fastapi-example',
    lockfile: 'uv-fastapi-example/uv.lock',
    formatVersion: '1',
    purlType: 'pypi',
    hashes: 'hex',
    count: (text) =>
      tomlBlocks(text) - (text.match(/^source = \{ virtual = "\." \}$/gm)?.length ?? 0),
    opens: opensTomlPackage,
    warnings: [],
  },
  {
    name: 'requirements-rules-python-pip-parse',
    lockfile: 'requirements-rules-python-pip-parse/requirements_lock.txt',
    formatVersion: 'unversioned',
    purlType: 'pypi',
    hashes: 'hex',
    // Distinct `name==version` pins (pip-compile's "unsafe" setuptools pin included).
    count: (text) =>
      new Set(
        [...text.matchAll(/^([A-Za-z0-9][A-Za-z0-9._-]*)==/gm)].map((m) =>
          normalizeName(m[1] ?? ''),
        ),
      ).size,
    opens: (line, pkg) => {
      const [name = '', version = ''] = line.replace(/ \\$/, '').split('==');
      return normalizeName(name) === normalizeName(pkg.name) && version === pkg.version;
    },
    warnings: [],
  },
  {
    name: 'cargo-ripgrep',
    lockfile: 'cargo-ripgrep/Cargo.lock',
    formatVersion: '4',
    purlType: 'cargo',
    hashes: 'hex',
    count: (text) => tomlBlocks(text) - 1,
    opens: opensTomlPackage,
    warnings: [],
  },
];

/** The module path of a Go package: its purl namespace and name. */
function goModule(pkg: LockPackage): string {
  return pkg.namespace === undefined ? pkg.name : `${pkg.namespace}/${pkg.name}`;
}

function readReal(fixture: RealFixture): { lockfile: Lockfile; text: string } {
  const text = real(fixture.lockfile);
  const options: ReaderOptions = {};
  if (fixture.companion !== undefined)
    options.companion = { text: real(fixture.companion), path: fixture.companion };
  if (fixture.manifests !== undefined)
    options.manifests = fixture.manifests.map((path) => parsePackageManifest(real(path), path));
  return { lockfile: readLockfile(text, fixture.lockfile, options), text };
}

const HEX_LENGTH: Readonly<Record<HashAlgorithm, number>> = {
  MD5: 32,
  'SHA-1': 40,
  'SHA-256': 64,
  'SHA-384': 96,
  'SHA-512': 128,
};

const SRI_PREFIX: Readonly<Record<HashAlgorithm, string>> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/** The lines of `pkg`'s entry: from its opening line up to the next package's. */
function entryBlock(lockfile: Lockfile, all: string[], pkg: LockPackage): string {
  const next = lockfile.packages
    .map((other) => other.source.line)
    .filter((line) => line > pkg.source.line)
    .reduce((min, line) => Math.min(min, line), all.length);
  return all.slice(pkg.source.line, next).join('\n');
}

/** Whether the lockfile text records `hash` for `pkg`, in the encoding the format uses. */
function recordsHash(
  fixture: RealFixture,
  lockfile: Lockfile,
  all: string[],
  pkg: LockPackage,
  hash: PackageHash,
): boolean {
  const base64 = Buffer.from(hash.content, 'hex').toString('base64');
  switch (fixture.hashes) {
    case 'hex':
      return entryBlock(lockfile, all, pkg).includes(hash.content);
    case 'sri':
      return entryBlock(lockfile, all, pkg).includes(`${SRI_PREFIX[hash.alg]}-${base64}`);
    case 'go-h1':
      return real(fixture.companion ?? '').includes(
        `${goModule(pkg)} ${pkg.version ?? ''} h1:${base64}\n`,
      );
  }
}

const STAMPS = {
  serialNumber: 'urn:uuid:0b4c5f3e-4d2a-4f6e-9a1b-7c8d9e0f1a2b',
  timestamp: '2026-01-01T00:00:00Z',
  toolVersion: '0.1.0',
};

/** The golden projection: `[purl, scope, hashes, dependsOn.length, source.line]` of the first 15. */
function projection(lockfile: Lockfile): string {
  const rows = lockfile.packages
    .slice(0, 15)
    .map((pkg) =>
      JSON.stringify([
        pkg.purl ?? null,
        pkg.scope,
        pkg.hashes.map((hash) => `${hash.alg}:${hash.content}`),
        pkg.dependsOn.length,
        pkg.source.line,
      ]),
    );
  return `[\n${rows.join(',\n')}\n]\n`;
}

describe('real lockfiles', () => {
  const validate = createBomValidator('1.6');

  for (const fixture of FIXTURES) {
    describe(fixture.name, () => {
      it('reads without throwing, with the format version the file declares', () => {
        const { lockfile } = readReal(fixture);
        expect(lockfile.formatVersion).toBe(fixture.formatVersion);
        expect(lockfile.packages.length).toBeGreaterThan(0);
      });

      it('returns as many packages as the text has entries (counted independently)', () => {
        const { lockfile, text } = readReal(fixture);
        expect(lockfile.packages.length).toBe(fixture.count(text));
        expect(new Set(lockfile.packages.map((pkg) => pkg.ref)).size).toBe(
          lockfile.packages.length,
        );
      });

      it('points every trailmark:source line at the line that opens the entry', () => {
        const { lockfile, text } = readReal(fixture);
        const all = lines(text);
        const wrong = lockfile.packages
          .filter((pkg) => !fixture.opens(all[pkg.source.line] ?? '', pkg, all))
          .map((pkg) => `${pkg.ref} @${pkg.source.line}: ${all[pkg.source.line] ?? ''}`);
        expect(wrong).toEqual([]);
        expect(lockfile.packages.every((pkg) => pkg.source.path === fixture.lockfile)).toBe(true);
        expect(new Set(lockfile.packages.map((pkg) => pkg.source.line)).size).toBe(
          lockfile.packages.length,
        );
      });

      it('gives parseable purls of the right type, name and version', () => {
        const { lockfile } = readReal(fixture);
        for (const pkg of lockfile.packages) {
          if (pkg.purl === undefined) {
            // Only Cargo path crates (workspace members: no `source` line) go without a purl.
            expect(fixture.purlType, pkg.ref).toBe('cargo');
            expect(pkg.ref, pkg.ref).toMatch(/^cargo-path:/);
            continue;
          }
          const parsed = PackageURL.fromString(pkg.purl);
          expect(parsed.type, pkg.purl).toBe(fixture.purlType);
          expect(parsed.version ?? undefined, pkg.purl).toBe(pkg.version);
          const name = fixture.purlType === 'pypi' ? normalizeName(pkg.name) : pkg.name;
          expect(parsed.name, pkg.purl).toBe(name);
          expect(parsed.namespace ?? undefined, pkg.purl).toBe(pkg.namespace);
        }
      });

      it('takes each hash from the entry, as lowercase hex of the algorithm length', () => {
        const { lockfile, text } = readReal(fixture);
        const all = lines(text);
        for (const pkg of lockfile.packages) {
          // Every registry package in these files carries a checksum; path crates carry none.
          expect(pkg.hashes.length, pkg.ref).toBe(pkg.purl === undefined ? 0 : 1);
          for (const hash of pkg.hashes) {
            expect(hash.content, pkg.ref).toMatch(/^[0-9a-f]+$/);
            expect(hash.content.length, pkg.ref).toBe(HEX_LENGTH[hash.alg]);
            expect(recordsHash(fixture, lockfile, all, pkg, hash), `${pkg.ref} ${hash.alg}`).toBe(
              true,
            );
          }
        }
      });

      it('resolves every dependency edge to a package of the lockfile', () => {
        const { lockfile } = readReal(fixture);
        const refs = new Set(lockfile.packages.map((pkg) => pkg.ref));
        const edges: [string, string[]][] = [
          ...lockfile.packages.map((pkg): [string, string[]] => [pkg.ref, pkg.dependsOn]),
          ['root', lockfile.root?.dependsOn ?? []],
        ];
        const dangling = edges.flatMap(([from, targets]) =>
          targets.filter((to) => !refs.has(to)).map((to) => `${from} -> ${to}`),
        );
        expect(dangling).toEqual([]);
      });

      it('warns only as documented', () => {
        const { lockfile } = readReal(fixture);
        expect(lockfile.warnings.map((w) => w.message)).toHaveLength(fixture.warnings.length);
        lockfile.warnings.forEach((warning, i) => {
          expect(warning.message).toMatch(fixture.warnings[i] ?? /^$/);
        });
      });

      it('builds a CycloneDX 1.6 SBOM that validates against the official schema', async () => {
        const { lockfile } = readReal(fixture);
        const bom = buildBom({
          lockfiles: [lockfile],
          metadataComponent: { name: fixture.name },
          ...STAMPS,
        });
        expect(await validate(serializeBom(bom))).toEqual([]);
      });

      // Written once with TRAILMARK_UPDATE_GOLDENS=1, then checked by hand against the lockfile
      // text (see the comment at the end of this file for what was checked).
      it('matches its golden (first 15 packages)', () => {
        const { lockfile } = readReal(fixture);
        const actual = projection(lockfile);
        expect(actual).toBe(golden(new URL(`${fixture.name}.golden.json`, REAL), actual));
      });
    });
  }
});

describe('real lockfiles: scope', () => {
  it('npm v1 and v2: optional exactly where npm wrote dev/optional flags (none in these projects)', () => {
    for (const name of ['npm-v1-hello-world-javascript-action', 'npm-v2-node-clang-format']) {
      const fixture = FIXTURES.find((f) => f.name === name)!;
      const { lockfile, text } = readReal(fixture);
      expect(text).not.toMatch(/"(dev|optional|devOptional)": true/);
      expect(lockfile.packages.every((pkg) => pkg.scope === 'required')).toBe(true);
    }
  });

  it('pnpm 6.0: optional exactly for the `dev: true` snapshots', () => {
    const fixture = FIXTURES.find((f) => f.name === 'pnpm-v6-action-setup')!;
    const { lockfile, text } = readReal(fixture);
    const all = lines(text);
    const devKeys = all.flatMap((line, n) =>
      line === '    dev: true'
        ? [
            all
              .slice(0, n)
              .reverse()
              .find((l) => /^ {2}\/\S+:$/.test(l))
              ?.trim()
              .slice(0, -1),
          ]
        : [],
    );
    expect(devKeys).toEqual(['/@vercel/ncc@0.38.1', '/pnpm@8.14.3', '/typescript@5.3.3']);
    expect(
      lockfile.packages.filter((pkg) => pkg.scope === 'optional').map((pkg) => pkg.ref),
    ).toEqual(devKeys);
  });

  it('Go, Poetry 2.0, uv without dev groups, requirements and Cargo: all required', () => {
    for (const name of [
      'go-gin',
      'poetry-tomlkit',
      'uv-fastapi-example',
      'requirements-rules-python-pip-parse',
      'cargo-ripgrep',
    ]) {
      const fixture = FIXTURES.find((f) => f.name === name)!;
      expect(
        readReal(fixture).lockfile.packages.every((pkg) => pkg.scope === 'required'),
        name,
      ).toBe(true);
    }
  });
});

describe('real lockfiles: roots', () => {
  it('name the project where the lockfile does', () => {
    const roots = Object.fromEntries(
      FIXTURES.map((fixture) => [fixture.name, readReal(fixture).lockfile.root?.name ?? null]),
    );
    expect(roots).toEqual({
      'npm-v1-hello-world-javascript-action': 'hello-world-javascript-action',
      'npm-v2-node-clang-format': 'node-core-clang-format',
      'pnpm-v6-action-setup': '.',
      'go-gin': 'github.com/gin-gonic/gin',
      'poetry-tomlkit': null,
      'uv-fastapi-example': 'uv-fastapi-example',
      'requirements-rules-python-pip-parse':
        'requirements-rules-python-pip-parse/requirements_lock.txt',
      'cargo-ripgrep': 'ripgrep',
    });
  });

  it('npm v1 takes the root edges from package.json (v1 does not record them)', () => {
    const fixture = FIXTURES.find((f) => f.name === 'npm-v1-hello-world-javascript-action')!;
    expect(readReal(fixture).lockfile.root?.dependsOn).toEqual([
      'node_modules/@actions/core',
      'node_modules/@actions/github',
    ]);
  });
});

describe('real lockfiles: Go', () => {
  it('reads the same modules whether go.mod or go.sum is the file given', () => {
    const fixture = FIXTURES.find((f) => f.name === 'go-gin')!;
    const fromMod = readReal(fixture).lockfile;
    const fromSum = readLockfile(real('go-gin/go.sum'), 'go-gin/go.sum', {
      companion: { text: real('go-gin/go.mod'), path: 'go-gin/go.mod' },
    });
    expect(fromSum.packages).toEqual(fromMod.packages);
  });

  it('takes only the modules go.mod requires, not every module go.sum mentions', () => {
    const sum = real('go-gin/go.sum');
    const zipLines = new Set(
      sum
        .split('\n')
        .filter((l) => /^\S+ v[^/\s]+ h1:/.test(l))
        .map((l) => l.split(' ').slice(0, 2).join(' ')),
    );
    const required = readReal(FIXTURES.find((f) => f.name === 'go-gin')!).lockfile.packages.map(
      (pkg) => `${goModule(pkg)} ${pkg.version ?? ''}`,
    );
    // go.sum also hashes test-only modules of dependencies (kr/pretty, rogpeppe/go-internal, …).
    expect(zipLines.size).toBe(33);
    expect(required.every((m) => zipLines.has(m))).toBe(true);
  });
});

// Goldens checked by hand, all 15 rows of each of the 8 files: the line is the entry's opening
// line (`[[package]]` followed by its name and version; `"<name>": {`; `  /<name>@<version>:`;
// the go.mod require line; the `name==version \` line); the purl matches that name and version;
// the hash is the entry's checksum (Cargo), sdist `sha256:` (Poetry, uv), first `--hash`
// (requirements), `integrity` decoded from base64 (npm, pnpm: sha512 or, for the old npm
// packages atob-lite, btoa-lite, concat-map, fs.realpath, inflight, once, path-is-absolute,
// sha1) or go.sum's `h1:` decoded from base64 (Go), decoding done with Python's base64, not the
// reader; the edge count is the number of names under the entry's `dependencies`/`requires`
// (Poetry coverage: its optional `tomli`, which pytest-cov's `coverage[toml]` requests; uv
// fastapi: 3 dependencies + 6 of the `standard` extra the project requests; requirements and
// Go: 0, those files record no graph); scope `optional` only for pnpm's `dev: true` @vercel/ncc.
