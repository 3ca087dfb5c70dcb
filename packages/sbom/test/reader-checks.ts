import { readFileSync } from 'node:fs';
import { PackageURL } from 'packageurl-js';
import { expect } from 'vitest';
import { SbomError } from '../src/error.js';
import type { Lockfile } from '../src/lockfile.js';

const FIXTURES = new URL('./fixtures/lockfiles/', import.meta.url);

/** The text of a fixture under `test/fixtures/lockfiles/`. */
export function fixture(path: string): string {
  return readFileSync(new URL(path, FIXTURES), 'utf8');
}

/** The text of 1-based `line` of `text`. */
export function lineOf(text: string, line: number): string {
  return text.split(/\r?\n/)[line - 1] ?? '';
}

/** Every purl parses with packageurl-js and carries the package's version. */
export function expectValidPurls(lockfile: Lockfile): void {
  for (const pkg of lockfile.packages) {
    if (pkg.purl === undefined) continue;
    const parsed = PackageURL.fromString(pkg.purl);
    expect(parsed.version ?? undefined, pkg.purl).toBe(pkg.version);
  }
}

/** Each `source` line of the lockfile (read from `texts` by path) passes `check`. */
export function expectSourceLines(
  lockfile: Lockfile,
  texts: Record<string, string>,
  check: (line: string, pkg: Lockfile['packages'][number]) => void,
): void {
  for (const pkg of lockfile.packages) {
    const text = texts[pkg.source.path];
    expect(text, `no text for ${pkg.source.path}`).toBeDefined();
    check(lineOf(text ?? '', pkg.source.line), pkg);
  }
}

/** The `SbomError` that `run` throws (fails the test when it throws nothing or something else). */
export function sbomError(run: () => unknown): SbomError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(SbomError);
    return err as SbomError;
  }
  throw new Error('expected an SbomError');
}
