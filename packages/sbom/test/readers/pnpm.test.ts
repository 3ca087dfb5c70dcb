import { describe, expect, it } from 'vitest';
import { parseSyml } from '@yarnpkg/parsers';
import type { Lockfile, LockPackage } from '../../src/index.js';
import { fixture, readFixture } from '../helpers/fixtures.js';

function byRef(lockfile: Lockfile, ref: string): LockPackage {
  const found = lockfile.packages.find((pkg) => pkg.ref === ref);
  if (found === undefined) throw new Error(`no package ${ref}`);
  return found;
}

describe('readPnpmLockfile', () => {
  it('reads v6: one package per peer variant, dev flags decide scope', () => {
    const { lockfile } = readFixture(fixture('hand-pnpm-v6'));
    expect(lockfile.formatVersion).toBe('6.0');
    expect(byRef(lockfile, '/use-thing@1.0.0(picocolors@1.1.1)')).toMatchObject({
      purl: 'pkg:npm/use-thing@1.0.0',
      scope: 'required',
    });
    expect(byRef(lockfile, '/use-thing@1.0.0(js-tokens@4.0.0)')).toMatchObject({
      purl: 'pkg:npm/use-thing@1.0.0',
      scope: 'optional',
    });
    expect(byRef(lockfile, '/ms@2.1.3').scope).toBe('required');
    expect(lockfile.root?.dependsOn).toContain('/string-width@4.2.3');
  });

  it('reads v9: snapshots give edges, importers give reachability', () => {
    const { lockfile } = readFixture(fixture('hand-pnpm-v9-edge'));
    expect(byRef(lockfile, 'use-thing@1.0.0')).toMatchObject({
      scope: 'required',
      dependsOn: ['js-tokens@4.0.0', 'picocolors@1.1.1'],
    });
    expect(byRef(lockfile, 'nanoid@3.3.11').scope).toBe('optional');
    expect(byRef(lockfile, 'fsevents@2.3.3').scope).toBe('optional');
    expect(byRef(lockfile, 'importer:packages/lib')).toMatchObject({
      name: 'lib',
      namespace: '@acme',
      dependsOn: ['nanoid@3.3.11', 'use-thing@1.0.0'],
    });
    expect(lockfile.root?.dependsOn).toContain('importer:packages/lib');
    const tarball = lockfile.packages.find((pkg) => pkg.name === 'argo-like');
    expect(tarball?.purl).toMatch(
      /^pkg:npm\/argo-like@1\.0\.0\?download_url=https%3A%2F%2Fcodeload/,
    );
  });

  it('never calls a package required that pnpm marks optional, and reads the real lockfile fully', () => {
    const { lockfile, text } = readFixture(fixture('pnpm-v9-argo-cd-ui'));
    expect(lockfile.packages).toHaveLength(1317);
    const snapshots = (
      parseSyml(text) as { snapshots: Record<string, { optional?: string } | null> }
    ).snapshots;
    const optionalOnly = new Map<string, boolean>();
    for (const [id, snapshot] of Object.entries(snapshots)) {
      const base = id.includes('(') ? id.slice(0, id.indexOf('(')) : id;
      optionalOnly.set(base, (optionalOnly.get(base) ?? true) && snapshot?.optional === 'true');
    }
    const wrong = lockfile.packages.filter(
      (pkg) => optionalOnly.get(pkg.ref) === true && pkg.scope === 'required',
    );
    expect(wrong.map((pkg) => pkg.ref)).toEqual([]);
    expect(lockfile.warnings).toEqual([
      { line: 2454, message: 'argo-ui has no integrity', kind: 'no-hash' },
    ]);
  });
});
