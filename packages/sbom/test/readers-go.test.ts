import { PackageURL } from 'packageurl-js';
import { describe, expect, it } from 'vitest';
import { readGoModules } from '../src/readers/go.js';
import {
  expectSourceLines,
  expectValidPurls,
  fixture,
  lineOf,
  sbomError,
} from './reader-checks.js';

const goMod = fixture('go/go.mod');
const goSum = fixture('go/go.sum');
const lock = readGoModules(goMod, 'go/go.mod', goSum);

describe('readGoModules', () => {
  it('turns every require into a component, with the h1 hash as SHA-256 hex', () => {
    // hex values: python3 -c "import base64; print(base64.b64decode('<h1 body>').hex())"
    expect(lock.packages.map((p) => [p.purl ?? p.ref, p.scope, p.hashes, p.source.line])).toEqual([
      [
        'pkg:golang/github.com/BurntSushi/toml@v1.3.2',
        'required',
        [
          {
            alg: 'SHA-256',
            content: 'a3b2212e6d0cb31dc1681fa7dc083b2fc115941c869e9ab5e02e185a2bbf80bf',
          },
        ],
        8,
      ],
      ['golang:github.com/acme/shop-internal', 'required', [], 9],
      [
        'pkg:golang/github.com/go-chi/chi/v5@v5.0.12',
        'required',
        [
          {
            alg: 'SHA-256',
            content: 'f5eb8b579b13ad335345453d3ce98352f7f1ca3e8b00004b51c1163be2496f8b',
          },
        ],
        10,
      ],
      [
        'pkg:golang/github.com/stretchr/testify@v1.9.0',
        'required',
        [
          {
            alg: 'SHA-256',
            content: '1edaa92150c2959e27c20ef9f9fe8bbeccbfc07bbedc1a121826c101ca53b138',
          },
        ],
        11,
      ],
      [
        'pkg:golang/github.com/uber/jaeger-client-go@v2.30.0+incompatible',
        'required',
        [
          {
            alg: 'SHA-256',
            content: '0fac3228609e705692454a68f250956da38e6fa4e1c0c99311b851c2d291f7ba',
          },
        ],
        12,
      ],
      [
        'pkg:golang/golang.org/x/sync@v0.7.0',
        'required',
        [
          {
            alg: 'SHA-256',
            content: '62c2267d20683fd40f60bd31c8a24fab481c689746deb227a2ac5359b7d0bbd3',
          },
        ],
        13,
      ],
      [
        'pkg:golang/github.com/davecgh/go-spew@v1.1.1',
        'required',
        [
          {
            alg: 'SHA-256',
            content: 'be3f63feed5baa7bc211f24ec1486d94e011aacdfeae41d8635de36164d4f7b7',
          },
        ],
        17,
      ],
      [
        'pkg:golang/github.com/pmezard/go-difflib@v1.0.0',
        'required',
        [
          {
            alg: 'SHA-256',
            content: 'e030700c4d0d1b24280476cb4183f04943e808c591e41133224fdfd6565b0103',
          },
        ],
        18,
      ],
      [
        'pkg:golang/gopkg.in/yaml.v3@v3.0.1',
        'required',
        [
          {
            alg: 'SHA-256',
            content: '7f1566fc6cc0cc45aa2c7baf72d23dd4a4bd8613669963a85aed174d8252ec20',
          },
        ],
        19,
      ],
    ]);
    expect(lock.format).toBe('go');
    expect(lock.formatVersion).toBe('1.22.0');
  });

  it('makes the main module depend on every require, since go.sum records no graph', () => {
    expect(lock.root).toEqual({
      name: 'github.com/acme/shop',
      dependsOn: lock.packages.map((p) => p.ref),
    });
    expect(lock.packages.every((p) => p.dependsOn.length === 0)).toBe(true);
  });

  it('writes purl-spec purls: namespace is all but the last segment, case kept, + encoded', () => {
    expectValidPurls(lock);
    const chi = PackageURL.fromString('pkg:golang/github.com/go-chi/chi/v5@v5.0.12');
    expect([chi.namespace, chi.name]).toEqual(['github.com/go-chi/chi', 'v5']);
    const jaeger = lock.packages.find((p) => p.name === 'jaeger-client-go');
    expect(PackageURL.fromString(jaeger?.purl ?? '').version).toBe('v2.30.0+incompatible');
    expect(lock.packages[0]).toMatchObject({ namespace: 'github.com/BurntSushi', name: 'toml' });
  });

  it('points each source at the require line that declares the module', () => {
    expectSourceLines(lock, { 'go/go.mod': goMod }, (line, pkg) => {
      const required = pkg.properties?.find((p) => p.name === 'trailmark:go:replaces')?.value;
      const [path, version] = (
        required ?? `${pkg.namespace ?? ''}/${pkg.name}@${pkg.version ?? ''}`
      ).split('@');
      expect(line.trim().split(/\s+/).slice(0, 2)).toEqual([path, version]);
    });
  });

  it('uses the replacement module and keeps what it replaces', () => {
    const sync = lock.packages.find((p) => p.name === 'sync');
    expect(sync?.version).toBe('v0.7.0');
    expect(sync?.properties).toContainEqual({
      name: 'trailmark:go:replaces',
      value: 'golang.org/x/sync@v0.6.0',
    });
  });

  it('keeps a module replaced by a directory without version, purl or hash, and warns', () => {
    const local = lock.packages.find((p) => p.name === 'shop-internal');
    expect([local?.version, local?.purl, local?.hashes]).toEqual([undefined, undefined, []]);
    expect(local?.properties).toContainEqual({
      name: 'trailmark:go:replace-dir',
      value: './internal/shared',
    });
    expect(lock.warnings).toEqual([
      {
        line: 9,
        message:
          'github.com/acme/shop-internal is replaced by local directory ./internal/shared: no version or hash',
      },
    ]);
  });

  it('marks // indirect requirements and ignores go.sum-only modules for go >= 1.17', () => {
    const indirect = lock.packages.filter((p) =>
      p.properties?.some((q) => q.name === 'trailmark:go:indirect'),
    );
    expect(indirect.map((p) => p.name)).toEqual(['go-spew', 'go-difflib', 'yaml.v3']);
    expect(lock.packages.some((p) => p.name === 'check.v1')).toBe(false);
  });

  it('adds go.sum-only modules for a pre-1.17 go.mod, highest version per path', () => {
    const sum = fixture('go/legacy/go.sum');
    const legacy = readGoModules(fixture('go/legacy/go.mod'), 'legacy/go.mod', sum);
    expect(legacy.packages.map((p) => [p.purl, p.source.path, p.source.line])).toEqual([
      ['pkg:golang/github.com/stretchr/testify@v1.9.0', 'legacy/go.mod', 5],
      ['pkg:golang/github.com/davecgh/go-spew@v1.1.1', 'legacy/go.sum', 3],
      ['pkg:golang/github.com/pmezard/go-difflib@v1.0.0', 'legacy/go.sum', 5],
      ['pkg:golang/gopkg.in/yaml.v3@v3.0.1', 'legacy/go.sum', 11],
    ]);
    expect(lineOf(sum, 3)).toMatch(/^github\.com\/davecgh\/go-spew v1\.1\.1 h1:/);
  });

  it('warns for a module missing from go.sum and once when there is no go.sum', () => {
    const partial = readGoModules(
      goMod,
      'go/go.mod',
      fixture('go/partial.go.sum'),
      'go/partial.go.sum',
    );
    expect(partial.warnings).toContainEqual({
      line: 11,
      message: 'github.com/stretchr/testify@v1.9.0: no h1: hash in go/partial.go.sum',
      kind: 'no-hash',
    });
    const bare = readGoModules(goMod, 'go/go.mod');
    expect(bare.packages.every((p) => p.hashes.length === 0)).toBe(true);
    expect(bare.warnings).toContainEqual({
      line: 0,
      message: 'no go.sum given: modules have no hashes',
    });
  });

  it('warns when a required version is also excluded', () => {
    const lockfile = readGoModules(fixture('go/bad/required-and-excluded.go.mod'), 'x/go.mod');
    expect(lockfile.warnings).toContainEqual({
      line: 5,
      message: 'github.com/davecgh/go-spew@v1.1.0 is required but also excluded',
    });
  });
  it('reads quoted paths and indirect comments, skips godebug/tool, warns on unknown syntax', () => {
    const edge = readGoModules(
      fixture('go/edge/go.mod'),
      'go.mod',
      fixture('go/edge/go.sum'),
      'go.sum',
    );
    expect(edge.root?.name).toBe('example.com/edge-tool');
    expect(edge.packages.map((p) => [p.purl, p.hashes, p.properties])).toEqual([
      [
        'pkg:golang/github.com/go-chi/chi/v5@v5.0.12',
        [],
        [{ name: 'trailmark:go:indirect', value: 'true' }],
      ],
    ]);
    expect(edge.warnings).toEqual([
      { line: 15, message: 'unknown directive frobnicate ignored' },
      { line: 1, message: 'go.sum:1: unknown hash h2 ignored' },
      {
        line: 11,
        message: 'github.com/go-chi/chi/v5@v5.0.12: no h1: hash in go.sum',
        kind: 'no-hash',
      },
    ]);
  });
});

describe('readGoModules on bad input', () => {
  it('names path:line of a malformed require', () => {
    const err = sbomError(() =>
      readGoModules(fixture('go/bad/require-without-version.go.mod'), 'bad/go.mod'),
    );
    expect(err.code).toBe('SBOM_PARSE');
    expect(err.message).toBe('bad/go.mod:6: usage: require module/path v1.2.3');
    expect(err.location).toEqual({ path: 'bad/go.mod', line: 6 });
  });

  it('names the unclosed block and the truncated go.sum line', () => {
    expect(
      sbomError(() => readGoModules(fixture('go/bad/unclosed-block.go.mod'), 'go.mod')).message,
    ).toBe('go.mod:5: unclosed require ( block');
    const err = sbomError(() =>
      readGoModules(goMod, 'go.mod', fixture('go/bad/truncated.go.sum'), 'go.sum'),
    );
    expect([err.code, err.message]).toEqual([
      'SBOM_PARSE',
      'go.sum:2: malformed go.sum line: want "<module> <version> <hash>"',
    ]);
  });

  it('rejects a go version other than 1.x, naming it', () => {
    const err = sbomError(() => readGoModules(fixture('go/bad/go-2.go.mod'), 'go.mod'));
    expect(err.code).toBe('SBOM_UNSUPPORTED_VERSION');
    expect(err.message).toBe('go.mod:3: unsupported go.mod go version 2.0 (supported: 1.x)');
  });
});
