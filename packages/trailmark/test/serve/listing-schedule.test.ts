import { describe, expect, it } from 'vitest';
import { createListingSchedule } from '../../src/serve/listing-schedule.js';

// The schedule behind serve's open-issue index: one listing at a time, starts at least a gap
// apart, every caller answered by a listing that started after it asked. A clock of our own.

function harness(minGapMs: number) {
  let clock = 1000;
  const starts: number[] = [];
  const finishes: (() => void)[] = [];
  const failures: ((error: Error) => void)[] = [];
  const sleeps: number[] = [];
  const schedule = createListingSchedule(
    () =>
      new Promise<void>((resolve, reject) => {
        starts.push(clock);
        finishes.push(resolve);
        failures.push(reject);
      }),
    {
      minGapMs,
      now: () => clock,
      sleep: (ms) => {
        sleeps.push(ms);
        clock += ms;
        return Promise.resolve();
      },
    },
  );
  const settle = () => new Promise((done) => setImmediate(done));
  return {
    schedule,
    starts,
    sleeps,
    settle,
    advance: (ms: number) => (clock += ms),
    finish: (i: number) => finishes[i]?.(),
    fail: (i: number, error: Error) => failures[i]?.(error),
  };
}

describe('the listing schedule', () => {
  it('starts at once when idle, and callers during a run share the next one', async () => {
    const h = harness(1000);
    const first = h.schedule.next();
    expect(h.starts).toEqual([1000]);
    h.advance(300);
    const waiting = [h.schedule.next(), h.schedule.next(), h.schedule.next()];
    h.finish(0);
    await first;
    await h.settle();
    // The second listing waited out the rest of the gap after the first one's start.
    expect(h.sleeps).toEqual([700]);
    expect(h.starts).toEqual([1000, 2000]);
    h.finish(1);
    await Promise.all(waiting);
    expect(h.starts).toHaveLength(2);
  });

  it('a caller after the gap starts a listing at once; within it, waits', async () => {
    const h = harness(1000);
    const first = h.schedule.next();
    h.finish(0);
    await first;
    h.advance(1500);
    const second = h.schedule.next();
    expect(h.starts).toEqual([1000, 2500]);
    h.finish(1);
    await second;
    h.advance(100);
    const third = h.schedule.next();
    expect(h.starts).toHaveLength(2);
    await h.settle();
    expect(h.sleeps).toEqual([900]);
    h.finish(2);
    await third;
  });

  it('a failed listing rejects its callers only; the next caller gets a new listing', async () => {
    const h = harness(0);
    const first = h.schedule.next();
    const second = h.schedule.next();
    h.fail(0, new Error('502'));
    await expect(first).rejects.toThrow('502');
    await h.settle();
    expect(h.starts).toHaveLength(2);
    h.finish(1);
    await expect(second).resolves.toBeUndefined();
  });
});
