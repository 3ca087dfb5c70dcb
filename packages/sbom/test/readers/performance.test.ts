import { describe, expect, it } from 'vitest';
import { readLockfile } from '../../src/index.js';
import { fixture, fixtureText, readerOptions } from '../helpers/fixtures.js';

interface Timing {
  /** Wall time of the first (cold) read. */
  first: number;
  /** Median wall time of the later reads. */
  wall: number;
  /** Median CPU time (user + system) of the later reads: what the reader costs, whatever else runs. */
  cpu: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function timeReads(read: () => unknown, runs = 7): Timing {
  const cold = performance.now();
  read();
  const first = performance.now() - cold;
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const usage = process.cpuUsage();
    read();
    const spent = process.cpuUsage(usage);
    wall.push(performance.now() - start);
    cpu.push((spent.user + spent.system) / 1000);
  }
  return { first, wall: median(wall), cpu: median(cpu) };
}

// Test files run in parallel on few cores, so wall time here includes waiting for the CPU; the
// budget is checked on CPU time, and both are printed.
describe('reading the real lockfiles is fast', () => {
  for (const name of [
    'pnpm-v9-argo-cd-ui',
    'npm-v3-prometheus-web-ui-workspaces',
    'yarn-v1-calico-whisker',
    'yarn-berry-prettier',
  ]) {
    it(`${name} reads in well under 100 ms`, () => {
      const entry = fixture(name);
      const text = fixtureText(`lockfiles/${entry.lockfile}`);
      const options = readerOptions(entry);
      const timing = timeReads(() => readLockfile(text, entry.lockfile, options));
      console.info(
        `${name}: first ${timing.first.toFixed(1)} ms, median ${timing.wall.toFixed(1)} ms wall / ${timing.cpu.toFixed(1)} ms CPU`,
      );
      expect(timing.cpu).toBeLessThan(100);
    });
  }
});
