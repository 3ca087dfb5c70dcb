import { describe, expect, it } from 'vitest';
import { fastPath } from '../src/fast-path.js';
import type { CliIo } from '../src/io.js';
import { main } from '../src/main.js';

const capture = (): { io: CliIo; out: string[]; err: string[] } => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    readStdin: () => Promise.resolve(''),
    stdinIsTty: false,
    env: {},
    cwd: '/',
  };
  return { io, out, err };
};

describe('the start-up fast path', () => {
  it.each([['--version'], ['-V']])(
    'answers %s alone exactly as the full CLI does',
    async (flag) => {
      const full = capture();
      const code = await main([flag], full.io);
      const fast: string[] = [];
      expect(fastPath([flag], (text) => fast.push(text))).toBe(code);
      expect(fast.join('')).toBe(full.out.join(''));
      expect(fast.join('')).toMatch(/^\d+\.\d+\.\d+\S*\n$/);
      expect(full.err).toEqual([]);
    },
  );

  it('leaves everything else to the full CLI', () => {
    const out: string[] = [];
    for (const argv of [[], ['--help'], ['--version', 'sbom'], ['sbom', '--version'], ['-v']])
      expect(fastPath(argv, (text) => out.push(text))).toBeUndefined();
    expect(out).toEqual([]);
  });
});
