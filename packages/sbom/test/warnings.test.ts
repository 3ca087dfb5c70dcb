import { describe, expect, it } from 'vitest';
import { summarizeWarnings } from '../src/index.js';
import { fixture, readFixture } from './helpers/fixtures.js';

describe('summarizeWarnings', () => {
  it('collapses repeats of one kind into one line with a count and the first as example', () => {
    const { lockfile } = readFixture(fixture('hand-npm-v3-edge'));
    const { warnings, details } = summarizeWarnings([lockfile]);
    const path = 'hand/npm-v3-edge/package-lock.json';
    expect(warnings).toEqual([
      `${path}:30: badhash: unusable integrity sha512-tooShort=...`,
      `${path}:36: dependency ghost of node_modules/bundler is not in the lockfile`,
      `${path}:54: gitdep has no integrity`,
      `${path}: 2 entries have no version, e.g. ${path}:71: local-thing has no version (--verbose lists all)`,
    ]);
    expect(details).toEqual([
      `${path}:30: badhash: unusable integrity sha512-tooShort=...`,
      `${path}:36: dependency ghost of node_modules/bundler is not in the lockfile`,
      `${path}:54: gitdep has no integrity`,
      `${path}:71: local-thing has no version`,
      `${path}:88: noversion has no version`,
    ]);
  });

  it('keeps notes (nothing to act on) out of the warnings, in the details only', () => {
    const { lockfile } = readFixture(fixture('yarn-berry-prettier'));
    const { warnings, details } = summarizeWarnings([lockfile]);
    expect(warnings).toEqual([]);
    expect(details).toHaveLength(119);
    expect(
      lockfile.warnings.every((w) => w.note === true && w.message.includes('conditional')),
    ).toBe(true);
  });
});
