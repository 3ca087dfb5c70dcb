import { describe, expect, it } from 'vitest';
import type { Lockfile, LockPackage } from '../../src/index.js';
import { fixture, readFixture } from '../helpers/fixtures.js';

function byRef(lockfile: Lockfile, ref: string): LockPackage {
  const found = lockfile.packages.find((pkg) => pkg.ref === ref);
  if (found === undefined) throw new Error(`no package ${ref}`);
  return found;
}

describe('readNpmLockfile', () => {
  it('reads v1 trees: nesting is the node_modules layout, aliases name the real package', () => {
    const { lockfile } = readFixture(fixture('hand-npm-v1'));
    expect(lockfile.formatVersion).toBe('1');
    expect(byRef(lockfile, 'node_modules/nanoid/node_modules/debug')).toMatchObject({
      purl: 'pkg:npm/debug@4.4.3',
      scope: 'optional',
    });
    expect(byRef(lockfile, 'node_modules/nanoid').dependsOn).toEqual([
      'node_modules/nanoid/node_modules/debug',
    ]);
    expect(byRef(lockfile, 'node_modules/string-width-cjs').purl).toBe(
      'pkg:npm/string-width@4.2.3',
    );
    expect(byRef(lockfile, 'node_modules/ms').hashes.map((hash) => hash.alg)).toEqual([
      'SHA-512',
      'SHA-1',
    ]);
    // v1 records no root dependencies; they come from the manifest.
    expect(lockfile.root?.dependsOn).toContain('node_modules/string-width-cjs');
  });

  it('reads v2 from its packages map and ignores the v1 compatibility tree', () => {
    const { lockfile } = readFixture(fixture('hand-npm-v2'));
    expect(lockfile.formatVersion).toBe('2');
    expect(lockfile.packages).toHaveLength(8);
    expect(byRef(lockfile, 'node_modules/fsevents').scope).toBe('optional');
    expect(byRef(lockfile, 'node_modules/loose-envify')).toMatchObject({
      scope: 'required',
      licenses: ['MIT'],
      dependsOn: ['node_modules/js-tokens'],
    });
  });

  it('follows links to workspaces and walks up from nested locations', () => {
    const { lockfile } = readFixture(fixture('hand-npm-v3-edge'));
    expect(lockfile.root?.dependsOn).toContain('packages/lib');
    const lib = byRef(lockfile, 'packages/lib');
    expect(lib).toMatchObject({
      purl: 'pkg:npm/%40acme/lib@0.1.0',
      namespace: '@acme',
      name: 'lib',
      scope: 'required',
    });
    // packages/lib sees its own nested is-number@6 before the hoisted is-number@7.
    expect(lib.dependsOn).toEqual(['node_modules/nanoid', 'packages/lib/node_modules/is-number']);
    expect(lockfile.packages.some((pkg) => pkg.ref === 'node_modules/@acme/lib')).toBe(false);
  });

  it('keeps non-registry sources in purl qualifiers and bundled packages as properties', () => {
    const { lockfile } = readFixture(fixture('hand-npm-v3-edge'));
    expect(byRef(lockfile, 'node_modules/gitdep').purl).toBe(
      'pkg:npm/gitdep@1.0.0?vcs_url=git%2Bssh%3A%2F%2Fgit%40github.com%2Facme%2Fgitdep.git%230123456789abcdef0123456789abcdef01234567',
    );
    expect(byRef(lockfile, 'node_modules/tarball-dep').purl).toBe(
      'pkg:npm/tarball-dep@1.2.0?download_url=https%3A%2F%2Fexample.com%2Fdownloads%2Ftarball-dep.tgz',
    );
    expect(byRef(lockfile, 'node_modules/bundler/node_modules/inner').properties).toEqual([
      { name: 'cdx:npm:package:bundled', value: 'true' },
    ]);
    expect(byRef(lockfile, 'node_modules/gitdep').licenses).toEqual(['BSD-3-Clause']);
  });

  it('takes scope from npm flags on the real workspace lockfile', () => {
    const { lockfile, text } = readFixture(fixture('npm-v3-prometheus-web-ui-workspaces'));
    const doc = JSON.parse(text) as {
      packages: Record<
        string,
        { dev?: boolean; optional?: boolean; devOptional?: boolean; link?: boolean }
      >;
    };
    for (const pkg of lockfile.packages) {
      const flags = doc.packages[pkg.ref] ?? {};
      expect(pkg.scope, pkg.ref).toBe(
        flags.dev === true || flags.optional === true || flags.devOptional === true
          ? 'optional'
          : 'required',
      );
    }
    expect(lockfile.packages).toHaveLength(Object.keys(doc.packages).length - 1 - 3); // minus root and 3 links
    expect(lockfile.warnings).toEqual([]);
  });
});
