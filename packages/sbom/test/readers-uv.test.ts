import { describe, expect, it } from 'vitest';
import { readUvLockfile } from '../src/readers/uv.js';
import { expectSourceLines, expectValidPurls, fixture, sbomError } from './reader-checks.js';

const text = fixture('uv/uv.lock');
const lock = readUvLockfile(text, 'uv.lock');
const byName = (name: string) => lock.packages.find((p) => p.name === name);

describe('readUvLockfile', () => {
  it('reads purls, graph-derived scopes, the sdist hash and the [[package]] line', () => {
    expect(lock.formatVersion).toBe('1.2');
    expect(
      lock.packages.map((p) => [p.purl ?? p.ref, p.scope, p.hashes[0]?.content, p.source.line]),
    ).toEqual([
      [
        'pkg:pypi/certifi@2025.1.31',
        'required',
        '3d5da6925056f6f18f119200434a4780a94263f10d1c21d032a6f6b2baa20651',
        11,
      ],
      [
        'pkg:pypi/charset-normalizer@3.4.1',
        'required',
        '44251f18cd68a75b56585dd00dae26183e102cd5e0f9f1466e6df5da2ed64ea3',
        20,
      ],
      [
        'pkg:pypi/colorama@0.4.6',
        'optional',
        '08695f5cb7ed6e0531a20572697297273c47b8cae5a63ffc6d6ed5c201be6e44',
        30,
      ],
      [
        'pkg:pypi/idna@3.10',
        'required',
        '12f65c9b470abda6dc35cf8e63cc574b1c52b11df2c86030af0ac09b01b13ea9',
        39,
      ],
      [
        'pkg:pypi/iniconfig@2.1.0',
        'optional',
        '3abbd2e30b36733fee78f9c7f7308f2d0050e88f0087fd25c2645f63c773e1c7',
        48,
      ],
      [
        'pkg:pypi/packaging@25.0',
        'optional',
        'd443872c98d677bf60f6a1f2f8c1cb748e8fe762d2bf9d3148b5599295b0fc4f',
        57,
      ],
      [
        'pkg:pypi/pluggy@1.6.0',
        'optional',
        '7dcc130b76258d33b90f61b658791dede3486c3e6bfb003ee5c9bfb396dd22f3',
        66,
      ],
      [
        'pkg:pypi/pygments@2.19.2',
        'optional',
        '636cb2477cec7f8952536970bc533bc43743542f70392ae026374600add5b887',
        75,
      ],
      [
        'pkg:pypi/pysocks@1.7.1',
        'required',
        '3f8804571ebe159c380ac6de37643bb4685970655d3bba243530d6558b799aa0',
        84,
      ],
      [
        'pkg:pypi/pytest@8.4.1',
        'optional',
        '7c67fd69174877359ed9371ec3af8a3d2b04741818c51e5e99cc1742251fa93c',
        93,
      ],
      [
        'pkg:pypi/requests@2.32.3',
        'required',
        '55365417734eb18255590a9ff9eb97e9e1da868d4ccd6402399eaf68af20a760',
        109,
      ],
      ['pypi-local:shop-common', 'required', undefined, 159],
      [
        'pkg:pypi/urllib3@2.3.0',
        'required',
        'f8c5449b3cf0861679ce7e0503c7b44b5ec981bec0d1d3795a07f1ba96f0204d',
        170,
      ],
    ]);
    expect(lock.warnings).toEqual([]);
  });

  it('makes the editable "." project the root, with its dependencies, extras and dev groups', () => {
    expect(lock.root).toEqual({
      name: 'shop-api',
      version: '0.1.0',
      dependsOn: [
        'pkg:pypi/requests@2.32.3',
        'pypi-local:shop-common',
        'pkg:pypi/pygments@2.19.2',
        'pkg:pypi/pytest@8.4.1',
      ],
    });
    expect(lock.packages.some((p) => p.name === 'shop-api')).toBe(false);
  });

  it('records dependencies and requested extras as edges, not extras nobody asked for', () => {
    expect(byName('requests')?.dependsOn).toEqual([
      'pkg:pypi/certifi@2025.1.31',
      'pkg:pypi/charset-normalizer@3.4.1',
      'pkg:pypi/idna@3.10',
      'pkg:pypi/urllib3@2.3.0',
      'pkg:pypi/pysocks@1.7.1',
    ]);
    expect(byName('urllib3')?.dependsOn).toEqual([]);
    expect(byName('shop-common')?.dependsOn).toEqual(['pkg:pypi/urllib3@2.3.0']);
  });

  it('marks packages reached only through dev groups or the project extras optional', () => {
    expect(byName('pysocks')?.scope).toBe('required');
    expect(byName('pygments')?.scope).toBe('optional');
    expect(byName('colorama')?.scope).toBe('optional');
  });

  it('gives workspace members no registry purl but a source property', () => {
    expect(byName('shop-common')?.purl).toBeUndefined();
    expect(byName('shop-common')?.properties).toEqual([
      { name: 'trailmark:python:source', value: 'editable:packages/common' },
    ]);
  });

  it('keeps one artifact hash, the sdist, and counts the rest', () => {
    expect(byName('charset-normalizer')?.properties).toEqual([
      { name: 'trailmark:python:hash-artifact', value: 'charset_normalizer-3.4.1.tar.gz' },
      { name: 'trailmark:python:artifact-count', value: '3' },
    ]);
  });

  it('writes purls packageurl-js parses, and each source line opens that entry', () => {
    expectValidPurls(lock);
    expectSourceLines(lock, { 'uv.lock': text }, (line, pkg) => {
      expect(line).toBe('[[package]]');
      expect(text.split('\n')[pkg.source.line]).toBe(`name = "${pkg.name}"`);
    });
  });

  it('tells several locked versions of a name apart by version and source; git needs no hash', () => {
    const multi = readUvLockfile(fixture('uv/multi-version.lock'), 'uv.lock');
    const sdk =
      'pkg:pypi/shop-sdk@0.4.0?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Facme%2Fshop-sdk.git%409c1d3e1f0f6bd8a6c0d7e0b6a1f2d3c4b5a69788';
    expect(multi.root).toEqual({
      name: 'report-tool',
      version: '0.3.0',
      dependsOn: ['pkg:pypi/numpy@1.26.4', 'pkg:pypi/numpy@2.2.2', sdk],
    });
    expect(multi.packages.map((p) => p.source.line)).toEqual([9, 18, 43]);
    expect(multi.warnings).toEqual([]);
    expectValidPurls(multi);
  });
});

describe('readUvLockfile on bad input', () => {
  it('reports malformed TOML as SBOM_PARSE at path:line', () => {
    const err = sbomError(() => readUvLockfile(fixture('uv/bad/malformed.lock'), 'bad/uv.lock'));
    expect(err.code).toBe('SBOM_PARSE');
    // the inline table opened on line 9 is still open at the end of the file (line 10)
    expect(err.message).toMatch(/^bad\/uv\.lock:10: invalid TOML: /);
  });

  it('names an unknown version and the pre-0.3 [[distribution]] layout', () => {
    const v2 = sbomError(() => readUvLockfile(fixture('uv/bad/version-2.lock'), 'uv.lock'));
    expect([v2.code, v2.message]).toEqual([
      'SBOM_UNSUPPORTED_VERSION',
      'uv.lock:1: unsupported uv.lock version 2 (supported: 1)',
    ]);
    const old = sbomError(() => readUvLockfile(fixture('uv/bad/distribution.lock'), 'uv.lock'));
    expect(old.message).toBe(
      'uv.lock:4: unsupported uv.lock layout [[distribution]] (uv < 0.3) (supported: version = 1)',
    );
  });

  it('keeps an entry without version or hash and warns about it and a missing dependency', () => {
    const lockfile = readUvLockfile(fixture('uv/bad/missing-fields.lock'), 'uv.lock');
    expect(lockfile.packages.map((p) => [p.purl, p.version, p.hashes])).toEqual([
      ['pkg:pypi/idna', undefined, []],
    ]);
    expect(lockfile.warnings).toEqual([
      {
        line: 5,
        message: 'app: dependency left-pad is not locked or is ambiguous',
        kind: 'missing-dependency',
      },
      { line: 14, message: 'idna: no version', kind: 'no-version' },
      { line: 14, message: 'idna: no sdist or wheel hash', kind: 'no-hash' },
    ]);
  });
});
