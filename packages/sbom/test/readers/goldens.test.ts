import { describe, expect, it } from 'vitest';
import { golden } from '@trailmark/testing';
import { JS_FIXTURES, lockfileGolden, readFixture } from '../helpers/fixtures.js';

// Purls, scopes, hashes, licenses, lines and edges of every fixture, byte for byte against the
// committed goldens, which were written once, then read and spot-checked against the lockfile
// text by hand. A missing golden fails; TRAILMARK_UPDATE_GOLDENS=1 rewrites them.
const GOLDENS = new URL('../fixtures/golden/', import.meta.url);

describe('lockfile goldens', () => {
  it.each(JS_FIXTURES.map((entry) => entry.name))('%s matches its golden', (name) => {
    const entry = JS_FIXTURES.find((candidate) => candidate.name === name);
    if (entry === undefined) throw new Error(`no fixture ${name}`);
    const actual = lockfileGolden(readFixture(entry).lockfile);
    expect(actual).toBe(golden(new URL(`${name}.lockfile.golden.json`, GOLDENS), actual));
  });
});
