import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@trailmark/testing';
import { IS_BUNDLED, assetDir, assetPath } from '../src/assets.js';
import { TRAILMARK_VERSION } from '../src/version.js';

describe('assetPath (package layout)', () => {
  it('is not the bundle here', () => {
    expect(IS_BUNDLED).toBe(false);
  });

  it.each([
    ['schemas', 'origin-records.v1.schema.json', 'schemas/'],
    ['trust', 'public-good.trusted_root.json', 'packages/trailmark/trust/'],
    ['package', 'package.json', 'packages/trailmark/'],
  ] as const)('finds %s/%s in the repository', (kind, name, dir) => {
    expect(assetDir(kind)).toBe(`${REPO_ROOT}${dir}`);
    expect(assetPath(kind, name)).toBe(`${REPO_ROOT}${dir}${name}`);
    expect(existsSync(assetPath(kind, name))).toBe(true);
  });

  it.each(['', '../package.json', 'a/b.json', '.hidden'])('refuses the name "%s"', (name) => {
    expect(() => assetPath('schemas', name)).toThrow(/plain file name/);
  });

  it('reads the version from the package.json', () => {
    expect(TRAILMARK_VERSION).toBe(
      (
        JSON.parse(readFileSync(`${REPO_ROOT}packages/trailmark/package.json`, 'utf8')) as {
          version: string;
        }
      ).version,
    );
  });
});
