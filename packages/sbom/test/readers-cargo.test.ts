import { PackageURL } from 'packageurl-js';
import { describe, expect, it } from 'vitest';
import { readCargoLockfile } from '../src/readers/cargo.js';
import { expectSourceLines, expectValidPurls, fixture, sbomError } from './reader-checks.js';

const text = fixture('cargo/Cargo.lock');
const lock = readCargoLockfile(text, 'Cargo.lock');
const ACME =
  'pkg:cargo/acme-auth@0.3.1?repository_url=https%3A%2F%2Fcrates.acme.internal%2Findex%2F';
const VRF =
  'pkg:cargo/vrf@0.2.5?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fandrcmdr%2Fvrf-rs.git%40f7bdb21f7f5d1858a3bb0183f194440f9a4199b3';

describe('readCargoLockfile, version 4', () => {
  it('reads purls, checksums as SHA-256 and the [[package]] line of every crate', () => {
    expect(lock.formatVersion).toBe('4');
    expect(
      lock.packages.map((p) => [p.purl ?? p.ref, p.scope, p.hashes[0]?.content, p.source.line]),
    ).toEqual([
      [ACME, 'required', '4c1f0a9e7d3b5c8e2f6a1d4b7c9e0f3a5d8b1c4e7f0a2d5b8c1e4f7a0d3b6c9e', 5],
      [
        'pkg:cargo/proc-macro2@1.0.92',
        'required',
        '37d3544b3f2748c54e147655edb5025752e2303145b5aefb3c3ea2c78b973bb0',
        11,
      ],
      [
        'pkg:cargo/quote@1.0.37',
        'required',
        'b5b9d34b8991d19d98081b46eacdd8eb58c6f2b201139f7c5f643cc155a633af',
        20,
      ],
      [
        'pkg:cargo/serde@1.0.219',
        'required',
        '5f0e2c6ed6606019b4e29e69dbaba95b11854410e5347d525002456dbbb786b6',
        29,
      ],
      [
        'pkg:cargo/serde_derive@1.0.219',
        'required',
        '5b0276cf7f2c73365f7157c8123c21cd9a50fbbd844757af28ca1f5925fc2a00',
        38,
      ],
      ['cargo-path:shop-core@0.2.0', 'required', undefined, 59],
      [
        'pkg:cargo/syn@1.0.109',
        'required',
        '72b64191b275b66ffe2469e8af2c1cfe3bafa67b529ead792a6d0160888b4237',
        67,
      ],
      [
        'pkg:cargo/syn@2.0.90',
        'required',
        '919d3b74a5dd0ccd15aeb8f93e7006bd9e14c295087c9896a110f490752bcf31',
        78,
      ],
      [
        'pkg:cargo/unicode-ident@1.0.14',
        'required',
        'adb9e6ca4f869e1180728b7950e35922a7fc6397f7b641499e8f3ef06e50dc83',
        89,
      ],
      [VRF, 'required', undefined, 95],
    ]);
    expect(lock.warnings).toEqual([]);
  });

  it('makes the one path crate nothing depends on the root; other path crates stay, without purl', () => {
    expect(lock.root).toEqual({
      name: 'shop-cli',
      version: '0.2.0',
      dependsOn: [ACME, 'pkg:cargo/serde@1.0.219', 'cargo-path:shop-core@0.2.0', VRF],
    });
    const core = lock.packages.find((p) => p.name === 'shop-core');
    expect([core?.purl, core?.properties]).toEqual([
      undefined,
      [{ name: 'trailmark:cargo:source', value: 'path' }],
    ]);
  });

  it('resolves "name version" entries to the right one of several locked versions', () => {
    const edges = Object.fromEntries(lock.packages.map((p) => [p.ref, p.dependsOn]));
    expect(edges['pkg:cargo/serde_derive@1.0.219']).toEqual([
      'pkg:cargo/proc-macro2@1.0.92',
      'pkg:cargo/quote@1.0.37',
      'pkg:cargo/syn@2.0.90',
    ]);
    expect(edges['cargo-path:shop-core@0.2.0']).toEqual([
      'pkg:cargo/serde@1.0.219',
      'pkg:cargo/syn@1.0.109',
    ]);
    expect(edges['pkg:cargo/unicode-ident@1.0.14']).toEqual([]);
  });

  it('qualifies crates from other registries and git, and keeps their source', () => {
    expect(PackageURL.fromString(ACME).qualifiers).toEqual({
      repository_url: 'https://crates.acme.internal/index/',
    });
    expect(PackageURL.fromString(VRF).qualifiers).toEqual({
      vcs_url:
        'git+https://github.com/andrcmdr/vrf-rs.git@f7bdb21f7f5d1858a3bb0183f194440f9a4199b3',
    });
    expect(lock.packages.find((p) => p.name === 'acme-auth')?.properties).toEqual([
      { name: 'trailmark:cargo:source', value: 'sparse+https://crates.acme.internal/index/' },
    ]);
  });

  it('writes purls packageurl-js parses, and each source line opens that entry', () => {
    expectValidPurls(lock);
    expectSourceLines(lock, { 'Cargo.lock': text }, (line, pkg) => {
      expect(line).toBe('[[package]]');
      expect(text.split('\n')[pkg.source.line]).toBe(`name = "${pkg.name}"`);
    });
  });

  it('has no root for a virtual workspace with several top crates', () => {
    const members = readCargoLockfile(fixture('cargo/members/Cargo.lock'), 'Cargo.lock');
    expect(members.root).toBeUndefined();
    expect(members.packages.filter((p) => p.purl === undefined).map((p) => p.name)).toEqual([
      'example_function',
      'example_struct',
      'must_not_use',
      'must_use_function',
    ]);
  });
});

describe('readCargoLockfile, version 1', () => {
  it('reads checksums from [metadata] and full "name version (source)" dependencies', () => {
    const v1 = readCargoLockfile(fixture('cargo/v1/Cargo.lock'), 'Cargo.lock');
    expect(v1.formatVersion).toBe('1');
    expect(v1.root).toEqual({
      name: 'legacy-app',
      version: '0.1.0',
      dependsOn: ['pkg:cargo/serde@1.0.99'],
    });
    expect(v1.packages.map((p) => [p.purl, p.hashes[0]?.content, p.dependsOn.length])).toEqual([
      [
        'pkg:cargo/proc-macro2@1.0.2',
        '175a40b9cf564ce9bf050654633dbf339978706b8ead1a907bb970b63185dd95',
        1,
      ],
      [
        'pkg:cargo/quote@1.0.2',
        '053a8c8bcc71fcce321828dc897a98ab9760bef03a4fc36693c231e5b3216cfe',
        1,
      ],
      [
        'pkg:cargo/serde@1.0.99',
        'fec2851eb56d010dc9a21b89ca53ee75e6528bab60c11e89d38390904982da9f',
        1,
      ],
      [
        'pkg:cargo/serde_derive@1.0.99',
        'cb4dc18c61206b08dc98216c98faa0232f4337e1e1b8574551d5bad29ea1b425',
        3,
      ],
      [
        'pkg:cargo/syn@1.0.5',
        '66850e97125af79138385e9b88339cbcd037e3f28ceab8c5ad98e64f0f1f80bf',
        3,
      ],
      [
        'pkg:cargo/unicode-xid@0.2.0',
        '826e7639553986605ec5979c7dd957c7895e93eabed50ab2ffa7f6128a75097c',
        0,
      ],
    ]);
    expect(v1.warnings).toEqual([]);
  });
});

describe('readCargoLockfile on bad input', () => {
  it('reports malformed TOML as SBOM_PARSE at path:line', () => {
    const err = sbomError(() =>
      readCargoLockfile(fixture('cargo/bad/malformed.lock'), 'bad/Cargo.lock'),
    );
    expect(err.code).toBe('SBOM_PARSE');
    expect(err.message).toMatch(/^bad\/Cargo\.lock:7: invalid TOML: /);
  });

  it('names an unknown lockfile version', () => {
    const err = sbomError(() =>
      readCargoLockfile(fixture('cargo/bad/version-5.lock'), 'Cargo.lock'),
    );
    expect([err.code, err.message]).toEqual([
      'SBOM_UNSUPPORTED_VERSION',
      'Cargo.lock:3: unsupported Cargo.lock version 5 (supported: 1, 2, 3, 4)',
    ]);
  });

  it('keeps crates without version or checksum, and warns about an ambiguous dependency', () => {
    const lockfile = readCargoLockfile(fixture('cargo/bad/missing-fields.lock'), 'Cargo.lock');
    expect(lockfile.packages.map((p) => [p.purl, p.hashes.length])).toEqual([
      ['pkg:cargo/serde', 0],
      ['pkg:cargo/syn@1.0.109', 1],
      ['pkg:cargo/syn@2.0.90', 0],
    ]);
    expect(lockfile.warnings).toEqual([
      { line: 3, message: 'app: dependency "syn" matches 2 packages', kind: 'missing-dependency' },
      { line: 11, message: 'serde: no version', kind: 'no-version' },
      { line: 11, message: 'serde: no checksum', kind: 'no-hash' },
      { line: 21, message: 'syn 2.0.90: no checksum', kind: 'no-hash' },
    ]);
  });
});
