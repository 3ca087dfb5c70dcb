import { describe, expect, it } from 'vitest';
import { JS_FIXTURES, lockfileGolden, readFixture } from '../helpers/fixtures.js';

// Purls, scopes, hashes, licenses, lines and edges of every fixture, byte for byte. The goldens
// were generated once, then read and spot-checked against the lockfile text by hand.
describe('lockfile goldens', () => {
  for (const entry of JS_FIXTURES) {
    it(`${entry.name} matches its golden`, async () => {
      const { lockfile } = readFixture(entry);
      await expect(lockfileGolden(lockfile)).toMatchFileSnapshot(
        `../fixtures/golden/${entry.name}.lockfile.golden.json`,
      );
    });
  }

  it('reads the same input to the same packages every time', () => {
    for (const entry of JS_FIXTURES) {
      expect(lockfileGolden(readFixture(entry).lockfile)).toBe(
        lockfileGolden(readFixture(entry).lockfile),
      );
    }
  });
});
