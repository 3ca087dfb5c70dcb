import { describe, expect, it } from 'vitest';
import type { Lockfile, LockPackage } from '../../src/index.js';
import { readYarnBerryLockfile, readYarnClassicLockfile } from '../../src/index.js';
import { fixture, fixtureText, readFixture } from '../helpers/fixtures.js';

function byRef(lockfile: Lockfile, ref: string): LockPackage {
  const found = lockfile.packages.find((pkg) => pkg.ref === ref);
  if (found === undefined) throw new Error(`no package ${ref}`);
  return found;
}

describe('readYarnClassicLockfile', () => {
  it('merges multi-spec keys, follows aliases and takes SHA-1 from resolved URLs', () => {
    const { lockfile } = readFixture(fixture('hand-yarn-classic-edge'));
    expect(byRef(lockfile, 'debug@^4.1.0').dependsOn).toEqual(['ms@^2.1.3']);
    expect(byRef(lockfile, 'string-width-cjs@npm:string-width@^4.2.3').purl).toBe(
      'pkg:npm/string-width@4.2.3',
    );
    expect(byRef(lockfile, 'js-tokens@^3.0.0 || ^4.0.0').hashes).toEqual([
      { alg: 'SHA-1', content: '19203fb59991df98e3a287050d4647cdeaf32499' },
    ]);
    expect(byRef(lockfile, 'nanoid@^3.3.11')).toMatchObject({
      scope: 'optional',
      dependsOn: ['debug@^4.1.0', 'fsevents@~2.3.2'],
    });
  });

  it('marks everything required, with a warning, when no manifest says what is dev', () => {
    const lockfile = readYarnClassicLockfile(
      fixtureText('lockfiles/hand/yarn-classic-edge/yarn.lock'),
      'yarn.lock',
    );
    expect(lockfile.packages.every((pkg) => pkg.scope === 'required')).toBe(true);
    expect(lockfile.root).toBeUndefined();
    expect(lockfile.warnings.at(-1)?.message).toMatch(/no package\.json given/);
  });
});

describe('readYarnBerryLockfile', () => {
  it('resolves through built-in patches, resolutions overrides and workspaces', () => {
    const { lockfile } = readFixture(fixture('hand-yarn-berry-edge'));
    const patch =
      'fsevents@patch:fsevents@npm%3A2.3.3#optional!builtin<compat/fsevents>::version=2.3.3&hash=df0bf1';
    expect(byRef(lockfile, 'nanoid@npm:3.3.11').dependsOn).toEqual([patch]);
    expect(byRef(lockfile, patch).dependsOn).toEqual(['fsevents@npm:2.3.3', 'node-gyp@npm:11.0.0']);
    expect(byRef(lockfile, '@acme/lib@workspace:packages/lib').dependsOn).toEqual([
      'picocolors@npm:1.1.1',
      'trim@npm:1.0.1',
    ]);
    expect(byRef(lockfile, 'trim@npm:1.0.1').scope).toBe('required');
    expect(byRef(lockfile, 'picocolors@npm:1.1.1').scope).toBe('optional');
    expect(lockfile.root).toEqual({
      name: 'berry-app',
      version: '4.5.6',
      dependsOn: expect.arrayContaining(['@acme/lib@workspace:packages/lib']) as unknown,
    });
  });

  it("keeps yarn's checksum as a property, not as a component hash", () => {
    const { lockfile } = readFixture(fixture('yarn-berry-prettier'));
    const prettier = lockfile.packages.find(
      (pkg) => pkg.purl === 'pkg:npm/%40angular/compiler@22.0.8',
    );
    expect(prettier?.hashes).toEqual([]);
    expect(prettier?.properties).toEqual([
      {
        name: 'trailmark:yarn:checksum',
        value:
          '10/644e73c85a6b556d53e2bf318280bb757b5e399c0c8cafdf1fb2ed287009f51de1e2eadf54a05f6c5cb10bb702d5495d77a52f5eb108f8c8b45a5213db2cf148',
      },
    ]);
  });

  it('needs the manifest for the resolutions override on the real lockfile', () => {
    const without = readYarnBerryLockfile(
      fixtureText('lockfiles/yarn-berry-prettier/yarn.lock'),
      'yarn.lock',
    );
    expect(without.warnings.map((warning) => warning.message)).toContain(
      'dependency trim@npm:0.0.1 is not in the lockfile',
    );
    const { lockfile } = readFixture(fixture('yarn-berry-prettier'));
    expect(lockfile.warnings.map((warning) => warning.message)).not.toContain(
      'dependency trim@npm:0.0.1 is not in the lockfile',
    );
  });
});
