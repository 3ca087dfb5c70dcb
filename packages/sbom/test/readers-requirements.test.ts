import { PackageURL } from 'packageurl-js';
import { describe, expect, it } from 'vitest';
import { readRequirements } from '../src/readers/requirements.js';
import { expectSourceLines, expectValidPurls, fixture, sbomError } from './reader-checks.js';

const text = fixture('requirements/requirements.txt');
const lock = readRequirements(text, 'requirements.txt');

describe('readRequirements, pip-compile output with hashes', () => {
  it('reads pinned requirements, their first --hash and the line that opens each entry', () => {
    expect(lock.packages.map((p) => [p.purl, p.scope, p.hashes, p.source.line])).toEqual([
      [
        'pkg:pypi/certifi@2025.1.31',
        'required',
        [
          {
            alg: 'SHA-256',
            content: '3d5da6925056f6f18f119200434a4780a94263f10d1c21d032a6f6b2baa20651',
          },
        ],
        9,
      ],
      [
        'pkg:pypi/charset-normalizer@3.4.1',
        'required',
        [
          {
            alg: 'SHA-256',
            content: '44251f18cd68a75b56585dd00dae26183e102cd5e0f9f1466e6df5da2ed64ea3',
          },
        ],
        13,
      ],
      [
        'pkg:pypi/colorama@0.4.6',
        'required',
        [
          {
            alg: 'SHA-256',
            content: '08695f5cb7ed6e0531a20572697297273c47b8cae5a63ffc6d6ed5c201be6e44',
          },
        ],
        18,
      ],
      [
        'pkg:pypi/idna@3.10',
        'required',
        [
          {
            alg: 'SHA-256',
            content: '12f65c9b470abda6dc35cf8e63cc574b1c52b11df2c86030af0ac09b01b13ea9',
          },
        ],
        22,
      ],
      [
        'pkg:pypi/jinja2@3.1.3',
        'required',
        [
          {
            alg: 'SHA-256',
            content: '7d6d50dd97d52cbc355597bd845fabfbac3f551e1f99619e39a35ce8c370b5fa',
          },
        ],
        26,
      ],
      [
        'pkg:pypi/markupsafe@3.0.2',
        'required',
        [
          {
            alg: 'SHA-256',
            content: 'ee55d3edf80167e48ea11a923c7386f4669df67d7994554387f84e7d8b0a2bf0',
          },
        ],
        30,
      ],
      [
        'pkg:pypi/pysocks@1.7.1',
        'required',
        [
          {
            alg: 'SHA-256',
            content: '08e69f092cc6dbe92a0fdd16eeb9b9ffbc13cadfe5ca4c7bd92ffb078b293299',
          },
        ],
        33,
      ],
      [
        'pkg:pypi/requests@2.32.3',
        'required',
        [
          {
            alg: 'SHA-256',
            content: '55365417734eb18255590a9ff9eb97e9e1da868d4ccd6402399eaf68af20a760',
          },
        ],
        38,
      ],
      [
        'pkg:pypi/urllib3@2.3.0',
        'required',
        [
          {
            alg: 'SHA-256',
            content: '1cee9ad369867bfdbbb48b7dd50374c0967a0bb7710050facf0dd6911440e3df',
          },
        ],
        42,
      ],
    ]);
    expect(lock.warnings).toEqual([]);
    expect(lock.formatVersion).toBe('unversioned');
  });

  it('has no graph: the file (root) depends on every entry, entries on nothing', () => {
    expect(lock.root).toEqual({
      name: 'requirements.txt',
      dependsOn: lock.packages.map((p) => p.ref),
    });
    expect(lock.packages.every((p) => p.dependsOn.length === 0)).toBe(true);
  });

  it('keeps extras, markers and the artifact count as properties', () => {
    const requests = lock.packages.find((p) => p.name === 'requests');
    expect(requests?.properties).toEqual([
      { name: 'trailmark:python:extras', value: 'socks' },
      { name: 'trailmark:python:artifact-count', value: '2' },
    ]);
    expect(lock.packages.find((p) => p.name === 'colorama')?.properties).toContainEqual({
      name: 'trailmark:python:marker',
      value: 'sys_platform == "win32"',
    });
  });

  it('normalises names in purls only and points at the requirement line', () => {
    expect(lock.packages.find((p) => p.name === 'Jinja2')?.purl).toBe('pkg:pypi/jinja2@3.1.3');
    expectValidPurls(lock);
    expectSourceLines(lock, { 'requirements.txt': text }, (line, pkg) => {
      expect(line.startsWith(pkg.name)).toBe(true);
      expect(line).toContain(`==${pkg.version ?? ''}`);
    });
  });
});

describe('readRequirements, hand-maintained file', () => {
  const text2 = fixture('requirements/unpinned.txt');
  const loose = readRequirements(text2, 'unpinned.txt');

  it('keeps unpinned and URL requirements without inventing a version', () => {
    expect(loose.packages.map((p) => [p.purl, p.version, p.source.line])).toEqual([
      ['pkg:pypi/requests', undefined, 7],
      ['pkg:pypi/django', undefined, 8],
      ['pkg:pypi/flask', undefined, 9],
      ['pkg:pypi/numpy', undefined, 10],
      ['pkg:pypi/gunicorn@22.0.0', '22.0.0', 11],
      [
        'pkg:pypi/shop-sdk?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Facme%2Fshop-sdk.git%40v0.4.0',
        undefined,
        12,
      ],
    ]);
    expect(PackageURL.fromString(loose.packages[5]?.purl ?? '').qualifiers).toEqual({
      vcs_url: 'git+https://github.com/acme/shop-sdk.git@v0.4.0',
    });
    expectValidPurls(loose);
  });

  it('warns about includes, editables, unpinned entries, unnamed paths and missing hashes', () => {
    expect(loose.warnings).toEqual([
      {
        line: 2,
        message: '-r base.txt: included file not read; read it as its own requirements file',
      },
      {
        line: 3,
        message: '-c constraints.txt: included file not read; read it as its own requirements file',
      },
      {
        line: 5,
        message: 'editable requirement ./libs/shop-common skipped: it has no pinned version',
      },
      {
        line: 7,
        message: 'requests is not pinned (>=2.31): no version recorded',
        kind: 'no-version',
      },
      { line: 8, message: 'Django is not pinned (~=5.0): no version recorded', kind: 'no-version' },
      {
        line: 9,
        message: 'flask is not pinned (==3.0.*): no version recorded',
        kind: 'no-version',
      },
      {
        line: 10,
        message: 'numpy is not pinned (no specifier): no version recorded',
        kind: 'no-version',
      },
      {
        line: 12,
        message: 'shop-sdk is a direct URL reference: no version recorded',
        kind: 'no-version',
      },
      {
        line: 13,
        message:
          'requirement without a package name skipped: https://files.example.com/wheels/acme_tool-1.0-py3-none-any.whl',
      },
      { line: 14, message: 'requirement without a package name skipped: ./vendor/legacy-lib' },
      { line: 0, message: 'no --hash options: components have no hashes' },
    ]);
  });
});

describe('readRequirements on bad input', () => {
  it('names path:line of a requirement pip would reject', () => {
    const err = sbomError(() =>
      readRequirements(fixture('requirements/bad/invalid-specifier.txt'), 'req.txt'),
    );
    expect([err.code, err.message, err.location]).toEqual([
      'SBOM_PARSE',
      'req.txt:2: invalid requirement: requests=>2.31',
      { path: 'req.txt', line: 2 },
    ]);
  });

  it('warns per entry once some entries carry hashes, and about unreadable hashes', () => {
    const mixed = readRequirements(fixture('requirements/bad/mixed-hashes.txt'), 'req.txt');
    expect(mixed.packages.map((p) => p.hashes.length)).toEqual([1, 0, 0]);
    expect(mixed.warnings).toEqual([
      {
        line: 4,
        message: 'urllib3 2.3.0: unreadable hash sha256:not-a-hex-digest',
        kind: 'bad-hash',
      },
      { line: 3, message: 'idna: no --hash', kind: 'no-hash' },
      { line: 4, message: 'urllib3: no --hash', kind: 'no-hash' },
    ]);
  });
});
