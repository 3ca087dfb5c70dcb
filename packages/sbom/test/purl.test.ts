import { PackageURL } from 'packageurl-js';
import { describe, expect, it } from 'vitest';
import { JS_FIXTURES, readFixture } from './helpers/fixtures.js';

describe('purls', () => {
  it('every purl the readers emit parses with packageurl-js and prints back unchanged', () => {
    const wrong: string[] = [];
    let count = 0;
    for (const entry of JS_FIXTURES) {
      for (const pkg of readFixture(entry).lockfile.packages) {
        if (pkg.purl === undefined) continue;
        count++;
        const parsed = PackageURL.fromString(pkg.purl);
        const expectedName = pkg.name.toLowerCase();
        if (
          parsed.toString() !== pkg.purl ||
          parsed.type !== 'npm' ||
          parsed.name !== expectedName ||
          parsed.version !== pkg.version
        ) {
          wrong.push(`${entry.name}: ${pkg.purl} → ${parsed.toString()}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(count).toBeGreaterThan(3000);
  });

  it('encodes the npm scope as %40 (purl-spec npm type)', () => {
    const { lockfile } = readFixture(JS_FIXTURES[0]!);
    const scoped = lockfile.packages.find((pkg) => pkg.namespace === '@codemirror');
    expect(scoped?.purl).toMatch(/^pkg:npm\/%40codemirror\//);
    expect(PackageURL.fromString(scoped?.purl ?? '').namespace).toBe('@codemirror');
  });
});
