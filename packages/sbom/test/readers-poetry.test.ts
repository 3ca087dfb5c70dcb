import { PackageURL } from 'packageurl-js';
import { describe, expect, it } from 'vitest';
import { readPoetryLockfile } from '../src/readers/poetry.js';
import { expectSourceLines, expectValidPurls, fixture, sbomError } from './reader-checks.js';

const text21 = fixture('poetry/poetry-2.1.lock');
const lock21 = readPoetryLockfile(text21, 'poetry.lock');

/** `[purl or ref, scope, chosen hash, line]` per package. */
function rows(lockfile: ReturnType<typeof readPoetryLockfile>): unknown[] {
  return lockfile.packages.map((p) => [
    p.purl ?? p.ref,
    p.scope,
    p.hashes[0]?.content,
    p.source.line,
  ]);
}

describe('readPoetryLockfile, lock-version 2.1 (Poetry 2.x groups)', () => {
  it('reads purls, scopes from groups/optional, the sdist hash and the [[package]] line', () => {
    expect(lock21.formatVersion).toBe('2.1');
    expect(rows(lock21)).toEqual([
      [
        'pkg:pypi/acme-telemetry@1.4.2?repository_url=https%3A%2F%2Fpypi.acme.internal%2Fsimple',
        'required',
        '0a2c4e6f8b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a',
        3,
      ],
      [
        'pkg:pypi/certifi@2025.1.31',
        'required',
        '3d5da6925056f6f18f119200434a4780a94263f10d1c21d032a6f6b2baa20651',
        20,
      ],
      [
        'pkg:pypi/charset-normalizer@3.4.1',
        'required',
        '44251f18cd68a75b56585dd00dae26183e102cd5e0f9f1466e6df5da2ed64ea3',
        32,
      ],
      [
        'pkg:pypi/colorama@0.4.6',
        'optional',
        '08695f5cb7ed6e0531a20572697297273c47b8cae5a63ffc6d6ed5c201be6e44',
        45,
      ],
      [
        'pkg:pypi/idna@3.10',
        'required',
        '12f65c9b470abda6dc35cf8e63cc574b1c52b11df2c86030af0ac09b01b13ea9',
        58,
      ],
      [
        'pkg:pypi/iniconfig@2.1.0',
        'optional',
        '3abbd2e30b36733fee78f9c7f7308f2d0050e88f0087fd25c2645f63c773e1c7',
        73,
      ],
      [
        'pkg:pypi/jinja2@3.1.3',
        'required',
        'ac8bd6544d4bb2c9792bf3a159e80bba8fda7f07e81bc3aed565432d5925ba90',
        85,
      ],
      [
        'pkg:pypi/markupsafe@3.0.2',
        'required',
        'ee55d3edf80167e48ea11a923c7386f4669df67d7994554387f84e7d8b0a2bf0',
        103,
      ],
      [
        'pkg:pypi/packaging@25.0',
        'optional',
        'd443872c98d677bf60f6a1f2f8c1cb748e8fe762d2bf9d3148b5599295b0fc4f',
        114,
      ],
      [
        'pkg:pypi/pluggy@1.6.0',
        'optional',
        '7dcc130b76258d33b90f61b658791dede3486c3e6bfb003ee5c9bfb396dd22f3',
        126,
      ],
      [
        'pkg:pypi/pygments@2.19.2',
        'optional',
        '636cb2477cec7f8952536970bc533bc43743542f70392ae026374600add5b887',
        142,
      ],
      [
        'pkg:pypi/pysocks@1.7.1',
        'optional',
        '3f8804571ebe159c380ac6de37643bb4685970655d3bba243530d6558b799aa0',
        157,
      ],
      [
        'pkg:pypi/pytest@8.4.1',
        'optional',
        '7c67fd69174877359ed9371ec3af8a3d2b04741818c51e5e99cc1742251fa93c',
        170,
      ],
      [
        'pkg:pypi/requests@2.32.3',
        'required',
        '55365417734eb18255590a9ff9eb97e9e1da868d4ccd6402399eaf68af20a760',
        192,
      ],
      ['pypi:shop-common', 'required', undefined, 215],
      [
        'pkg:pypi/shop-sdk@0.4.0?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Facme%2Fshop-sdk.git%409c1d3e1f0f6bd8a6c0d7e0b6a1f2d3c4b5a69788',
        'required',
        undefined,
        232,
      ],
      [
        'pkg:pypi/typing-extensions@4.12.2',
        'required',
        '1a7ead55c7e559dd4dee8856e3a88b41225abfe1ce8df57b7c13915fe121ffb8',
        251,
      ],
      [
        'pkg:pypi/urllib3@2.3.0',
        'required',
        'f8c5449b3cf0861679ce7e0503c7b44b5ec981bec0d1d3795a07f1ba96f0204d',
        263,
      ],
    ]);
    expect(lock21.warnings).toEqual([]);
    expect(lock21.root).toBeUndefined();
  });

  it('records every [package.dependencies] edge by PEP 503 name', () => {
    const edges = Object.fromEntries(
      lock21.packages.filter((p) => p.dependsOn.length > 0).map((p) => [p.name, p.dependsOn]),
    );
    expect(edges).toEqual({
      jinja2: ['pkg:pypi/markupsafe@3.0.2'],
      pytest: [
        'pkg:pypi/colorama@0.4.6',
        'pkg:pypi/iniconfig@2.1.0',
        'pkg:pypi/packaging@25.0',
        'pkg:pypi/pluggy@1.6.0',
        'pkg:pypi/pygments@2.19.2',
      ],
      requests: [
        'pkg:pypi/certifi@2025.1.31',
        'pkg:pypi/charset-normalizer@3.4.1',
        'pkg:pypi/idna@3.10',
        'pkg:pypi/pysocks@1.7.1',
        'pkg:pypi/urllib3@2.3.0',
      ],
      'shop-common': ['pkg:pypi/typing-extensions@4.12.2'],
      'shop-sdk': ['pkg:pypi/requests@2.32.3'],
    });
  });

  it('keeps one artifact hash (sdist first) and says which file and how many there were', () => {
    const charset = lock21.packages.find((p) => p.name === 'charset-normalizer');
    expect(charset?.hashes).toEqual([
      {
        alg: 'SHA-256',
        content: '44251f18cd68a75b56585dd00dae26183e102cd5e0f9f1466e6df5da2ed64ea3',
      },
    ]);
    expect(charset?.properties).toEqual([
      { name: 'trailmark:python:hash-artifact', value: 'charset_normalizer-3.4.1.tar.gz' },
      { name: 'trailmark:python:artifact-count', value: '3' },
    ]);
  });

  it('gives a directory package no purl and a git package a vcs_url', () => {
    const common = lock21.packages.find((p) => p.name === 'shop-common');
    expect(common?.purl).toBeUndefined();
    expect(common?.properties).toEqual([
      { name: 'trailmark:python:source', value: 'directory:../common' },
    ]);
    const sdk = PackageURL.fromString(
      lock21.packages.find((p) => p.name === 'shop-sdk')?.purl ?? '',
    );
    expect(sdk.qualifiers).toEqual({
      vcs_url: 'git+https://github.com/acme/shop-sdk.git@9c1d3e1f0f6bd8a6c0d7e0b6a1f2d3c4b5a69788',
    });
  });

  it('writes purls packageurl-js parses, and each source line opens that entry', () => {
    expectValidPurls(lock21);
    expectSourceLines(lock21, { 'poetry.lock': text21 }, (line, pkg) => {
      expect(line).toBe('[[package]]');
      const next = text21.split('\n')[pkg.source.line];
      expect(next).toBe(`name = "${pkg.name}"`);
    });
  });
});

describe('readPoetryLockfile, older lock versions', () => {
  it('reads lock-version 1.1: category and [metadata.files]', () => {
    const lock = readPoetryLockfile(fixture('poetry/poetry-1.1.lock'), 'poetry.lock');
    expect(lock.formatVersion).toBe('1.1');
    expect(rows(lock)).toEqual([
      [
        'pkg:pypi/appdirs@1.4.4',
        'optional',
        '7d5d0167b2b1ba821647616af46a749d1c653740dd0d2415100fe26e27afdf41',
        1,
      ],
      [
        'pkg:pypi/black@20.8b1',
        'optional',
        '1c02557aa099101b9d21496f8a914e9ed2222ef70336404eeeac8edba836fbea',
        9,
      ],
      [
        'pkg:pypi/click@7.1.2',
        'required',
        'd2b5255c7c6349bc1bd1e59e08cd12acbbd63ce649f2588755783aa94dfb6b1a',
        27,
      ],
      [
        'pkg:pypi/mypy-extensions@0.4.3',
        'optional',
        '2d82818f5bb3e369420cb3c4060a7970edba416647068eb4c5343488a6c604a8',
        35,
      ],
      [
        'pkg:pypi/pathspec@0.8.1',
        'optional',
        '86379d6b86d75816baba717e64b1a3a3469deb93bb76d613c9ce79edc5cb68fd',
        43,
      ],
    ]);
    expect(lock.packages[1]?.dependsOn).toEqual([
      'pkg:pypi/appdirs@1.4.4',
      'pkg:pypi/click@7.1.2',
      'pkg:pypi/mypy-extensions@0.4.3',
      'pkg:pypi/pathspec@0.8.1',
    ]);
    expect(lock.warnings).toEqual([]);
  });

  it('warns that lock-version 2.0 without category or groups cannot tell dev packages apart', () => {
    const lock = readPoetryLockfile(fixture('poetry/poetry-2.0.lock'), 'poetry.lock');
    expect(lock.packages.map((p) => p.scope)).toEqual(['required', 'required']);
    expect(lock.warnings).toEqual([
      {
        line: 0,
        message:
          'lock-version 2.0 records no category or groups: dev-only packages cannot be told apart, all are required',
      },
    ]);
  });
});

describe('readPoetryLockfile on bad input', () => {
  it('reports malformed TOML as SBOM_PARSE at path:line', () => {
    const err = sbomError(() =>
      readPoetryLockfile(fixture('poetry/bad/malformed.lock'), 'bad/poetry.lock'),
    );
    expect(err.code).toBe('SBOM_PARSE');
    expect(err.message).toMatch(/^bad\/poetry\.lock:7: invalid TOML: /);
    expect(err.location).toEqual({ path: 'bad/poetry.lock', line: 7 });
    expect(err.cause).toBeInstanceOf(Error);
  });

  it('names an unknown lock-version', () => {
    const err = sbomError(() =>
      readPoetryLockfile(fixture('poetry/bad/lock-version-3.lock'), 'poetry.lock'),
    );
    expect(err.code).toBe('SBOM_UNSUPPORTED_VERSION');
    expect(err.message).toBe(
      'poetry.lock:10: unsupported poetry lock-version 3.0 (supported: 1.0, 1.1, 2.0, 2.1)',
    );
  });

  it('keeps entries without version or usable hash, with warnings', () => {
    const lock = readPoetryLockfile(fixture('poetry/bad/missing-fields.lock'), 'poetry.lock');
    expect(lock.packages.map((p) => [p.purl, p.version, p.hashes])).toEqual([
      ['pkg:pypi/certifi', undefined, []],
      ['pkg:pypi/idna@3.10', '3.10', []],
    ]);
    expect(lock.warnings).toEqual([
      { line: 1, message: 'certifi: no version', kind: 'no-version' },
      { line: 1, message: 'certifi: no file hashes', kind: 'no-hash' },
      {
        line: 8,
        message: 'idna 3.10: unreadable hash md4:12f65c9b470abda6dc35cf8e63cc574b',
        kind: 'bad-hash',
      },
      { line: 8, message: 'idna 3.10: no file hashes', kind: 'no-hash' },
    ]);
  });
});
