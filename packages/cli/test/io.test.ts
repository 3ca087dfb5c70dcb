import { describe, expect, it } from 'vitest';
import { collapseWarnings, printWarnings, type CliIo } from '../src/io.js';

const capture = (): { io: CliIo; err: string[] } => {
  const err: string[] = [];
  const io: CliIo = {
    stdout: () => undefined,
    stderr: (text) => err.push(text),
    readStdin: () => Promise.resolve(''),
    stdinIsTty: false,
    env: {},
    cwd: '/',
  };
  return { io, err };
};

describe('warnings', () => {
  it('collapse identical lines into one with a count, in first-seen order', () => {
    expect(collapseWarnings(['b', 'a', 'b', 'c', 'b', 'a'])).toEqual(['b (×3)', 'a (×2)', 'c']);
    expect(collapseWarnings([])).toEqual([]);
  });

  it('print collapsed by default and every one with verbose', () => {
    const quiet = capture();
    printWarnings(quiet.io, ['x', 'x']);
    expect(quiet.err).toEqual(['trailmark: warning: x (×2)\n']);
    const verbose = capture();
    printWarnings(verbose.io, ['x', 'x'], { verbose: true });
    expect(verbose.err).toEqual(['trailmark: warning: x\n', 'trailmark: warning: x\n']);
  });
});
