import { describe, expect, it } from 'vitest';
import type { LockfileReader } from '../../src/index.js';
import {
  readNpmLockfile,
  readPnpmLockfile,
  readYarnBerryLockfile,
  readYarnClassicLockfile,
  SbomError,
} from '../../src/index.js';
import { fixture, fixtureText, readFixture } from '../helpers/fixtures.js';

function failure(reader: LockfileReader, file: string, path: string): SbomError {
  try {
    reader(fixtureText(`lockfiles/bad/${file}`), path);
  } catch (err) {
    if (err instanceof SbomError) return err;
    throw err;
  }
  throw new Error(`${file} was read without error`);
}

describe('malformed lockfiles fail with SBOM_PARSE naming path:line', () => {
  const cases: [string, LockfileReader, string, number, RegExp][] = [
    [
      'npm-trailing-comma.package-lock.json',
      readNpmLockfile,
      'web/package-lock.json',
      10,
      /invalid JSON/,
    ],
    [
      'npm-bad-literal.package-lock.json',
      readNpmLockfile,
      'web/package-lock.json',
      7,
      /invalid JSON/,
    ],
    ['pnpm-bad-flow.pnpm-lock.yaml', readPnpmLockfile, 'ui/pnpm-lock.yaml', 8, /invalid YAML/],
    [
      'yarn-classic-unterminated.yarn.lock',
      readYarnClassicLockfile,
      'yarn.lock',
      7,
      /unterminated string/,
    ],
    [
      'yarn-berry-bad-indent.yarn.lock',
      readYarnBerryLockfile,
      'yarn.lock',
      8,
      /invalid YAML: bad indentation/,
    ],
  ];
  for (const [file, reader, path, line, reason] of cases) {
    it(file, () => {
      const err = failure(reader, file, path);
      expect(err.code).toBe('SBOM_PARSE');
      expect(err.location).toEqual({ path, line });
      expect(err.message.startsWith(`${path}:${line}: `)).toBe(true);
      expect(err.message).toMatch(reason);
      expect(err.message).not.toContain('\n');
      // Errors of the JSON/YAML parsers are wrapped, never dropped.
      expect(err.cause !== undefined || !/invalid (JSON|YAML)/.test(err.message)).toBe(true);
    });
  }
});

describe('unknown format versions fail with SBOM_UNSUPPORTED_VERSION naming the version', () => {
  const cases: [string, LockfileReader, string, string][] = [
    [
      'npm-v9.package-lock.json',
      readNpmLockfile,
      'package-lock.json',
      'package-lock.json:3: unsupported package-lock.json lockfileVersion 9',
    ],
    [
      'pnpm-v10.pnpm-lock.yaml',
      readPnpmLockfile,
      'pnpm-lock.yaml',
      'pnpm-lock.yaml:1: unsupported pnpm-lock.yaml lockfileVersion 10.0 (supported: 5.x, 6.x, 7.0, 9.0)',
    ],
    [
      'yarn-classic-v2.yarn.lock',
      readYarnClassicLockfile,
      'yarn.lock',
      'yarn.lock:2: unsupported yarn.lock header v2',
    ],
    [
      'yarn-berry-v3.yarn.lock',
      readYarnBerryLockfile,
      'yarn.lock',
      'yarn.lock:2: unsupported yarn berry __metadata.version 3',
    ],
  ];
  for (const [file, reader, path, message] of cases) {
    it(file, () => {
      const err = failure(reader, file, path);
      expect(err.code).toBe('SBOM_UNSUPPORTED_VERSION');
      expect(err.message).toBe(message);
    });
  }

  it('a berry lockfile given to the classic reader names what it found', () => {
    const err = failure(readYarnClassicLockfile, '../yarn-berry-prettier/yarn.lock', 'yarn.lock');
    expect(err.message).toBe(
      'yarn.lock:4: unsupported yarn classic lockfile: found yarn berry __metadata',
    );
  });
});

describe('entries without version or integrity are kept with a warning, never invented', () => {
  it('npm', () => {
    const { lockfile } = readFixture(fixture('hand-npm-v3-edge'));
    const noversion = lockfile.packages.find((pkg) => pkg.ref === 'node_modules/noversion');
    expect(noversion).toMatchObject({ name: 'noversion', scope: 'required' });
    expect(noversion?.version).toBeUndefined();
    expect(noversion?.purl).toBeUndefined();
    expect(lockfile.warnings).toEqual([
      { line: 30, message: 'badhash: unusable integrity sha512-tooShort=...', kind: 'bad-hash' },
      {
        line: 36,
        message: 'dependency ghost of node_modules/bundler is not in the lockfile',
        kind: 'missing-dependency',
      },
      { line: 54, message: 'gitdep has no integrity', kind: 'no-hash' },
      { line: 71, message: 'local-thing has no version', kind: 'no-version' },
      { line: 88, message: 'noversion has no version', kind: 'no-version' },
    ]);
  });

  it('pnpm', () => {
    const { lockfile } = readFixture(fixture('hand-pnpm-v9-edge'));
    expect(lockfile.packages.find((pkg) => pkg.ref === 'no-integrity@1.0.0')?.hashes).toEqual([]);
    expect(lockfile.warnings).toEqual([
      { line: 41, message: 'argo-like has no integrity', kind: 'no-hash' },
      { line: 72, message: 'no-integrity has no integrity', kind: 'no-hash' },
    ]);
  });

  it('yarn classic', () => {
    const { lockfile } = readFixture(fixture('hand-yarn-classic-edge'));
    expect(lockfile.packages.find((pkg) => pkg.ref === 'noversion@*')?.purl).toBeUndefined();
    expect(lockfile.warnings).toEqual([
      {
        line: 33,
        message: 'dependency ghost@^1.0.0 is not in the lockfile',
        kind: 'missing-dependency',
      },
      { line: 33, message: 'nanoid has no integrity', kind: 'no-hash' },
      { line: 43, message: 'noversion has no version', kind: 'no-version' },
    ]);
  });

  it('yarn berry', () => {
    const { lockfile } = readFixture(fixture('hand-yarn-berry-edge'));
    expect(lockfile.warnings).toEqual([
      {
        line: 52,
        message:
          "fsevents has no checksum (conditional: os=darwin; yarn fetches only the current platform's)",
        note: true,
      },
      { line: 110, message: 'trim has no checksum', kind: 'no-hash' },
    ]);
  });
});
