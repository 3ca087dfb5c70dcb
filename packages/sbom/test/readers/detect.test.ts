import { describe, expect, it } from 'vitest';
import { lockfileFormat, readLockfile, SbomError } from '../../src/index.js';
import { fixtureText } from '../helpers/fixtures.js';

describe('lockfileFormat', () => {
  const berry = fixtureText('lockfiles/hand/yarn-berry-edge/yarn.lock');
  const classic = fixtureText('lockfiles/hand/yarn-classic-edge/yarn.lock');
  const cases: [string, string, string | undefined][] = [
    ['package-lock.json', '', 'npm'],
    ['apps/web/npm-shrinkwrap.json', '', 'npm'],
    ['pnpm-lock.yaml', '', 'pnpm'],
    ['yarn.lock', classic, 'yarn-classic'],
    ['sub/yarn.lock', berry, 'yarn-berry'],
    ['go.mod', '', 'go'],
    ['go.sum', '', 'go'],
    ['poetry.lock', '', 'poetry'],
    ['uv.lock', '', 'uv'],
    ['requirements.txt', '', 'requirements'],
    ['requirements-dev.txt', '', 'requirements'],
    ['Cargo.lock', '', 'cargo'],
    ['C:\\repo\\package-lock.json', '', 'npm'],
    ['package.json', '', undefined],
    ['pnpm-lock.yml', '', undefined],
  ];
  for (const [name, text, format] of cases) {
    it(`${name} → ${format ?? 'none'}`, () => {
      expect(lockfileFormat(name, text)).toBe(format);
    });
  }
});

describe('readLockfile', () => {
  it('dispatches yarn.lock by content', () => {
    expect(
      readLockfile(fixtureText('lockfiles/hand/yarn-berry-edge/yarn.lock'), 'yarn.lock').format,
    ).toBe('yarn-berry');
    expect(
      readLockfile(fixtureText('lockfiles/hand/yarn-classic-edge/yarn.lock'), 'yarn.lock').format,
    ).toBe('yarn-classic');
  });

  it('dispatches the Go, Python and Rust formats to their readers', () => {
    const cases: [string, string, string][] = [
      ['lockfiles/poetry/poetry-2.1.lock', 'poetry.lock', 'poetry'],
      ['lockfiles/uv/uv.lock', 'uv.lock', 'uv'],
      ['lockfiles/requirements/requirements.txt', 'requirements.txt', 'requirements'],
      ['lockfiles/cargo/Cargo.lock', 'Cargo.lock', 'cargo'],
    ];
    for (const [file, path, format] of cases) {
      expect(readLockfile(fixtureText(file), path).format).toBe(format);
    }
    const goMod = { text: fixtureText('lockfiles/go/go.mod'), path: 'go.mod' };
    const goSum = { text: fixtureText('lockfiles/go/go.sum'), path: 'go.sum' };
    const fromMod = readLockfile(goMod.text, goMod.path, { companion: goSum });
    const fromSum = readLockfile(goSum.text, goSum.path, { companion: goMod });
    expect(fromSum).toEqual(fromMod);
    expect(fromMod.packages.some((pkg) => pkg.hashes.length > 0)).toBe(true);
    expect(() => readLockfile(goSum.text, goSum.path)).toThrow(/read together with its go\.mod/);
  });

  it('refuses files no reader handles', () => {
    expect(() => readLockfile('{}', 'package.json')).toThrow(SbomError);
    expect(() => readLockfile('{}', 'package.json')).toThrow(/no reader for this file/);
  });
});
