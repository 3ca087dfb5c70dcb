import { describe, expect, it } from 'vitest';
import { GithubError } from '@trailmark/github';
import { retryDelayMs } from '../../src/serve/backoff.js';

const policy = (random: number) => ({ baseMs: 1000, maxMs: 300_000, random: () => random });

describe('retryDelayMs', () => {
  it('doubles per attempt with jitter over the upper half, capped', () => {
    expect(retryDelayMs(1, new Error('x'), policy(0))).toBe(500);
    expect(retryDelayMs(1, new Error('x'), policy(1))).toBe(1000);
    expect(retryDelayMs(3, new Error('x'), policy(1))).toBe(4000);
    expect(retryDelayMs(3, new Error('x'), policy(0.5))).toBe(3000);
    expect(retryDelayMs(30, new Error('x'), policy(1))).toBe(300_000);
  });

  it('waits at least a minute after GitHub rate-limited the job', () => {
    const limited = new GithubError('GITHUB_RATE_LIMITED', 'rate limit');
    expect(retryDelayMs(1, limited, policy(0))).toBe(60_000);
  });

  it('honours an error that says how long to wait', () => {
    const asked = Object.assign(new Error('busy'), { retryAfterMs: 7000 });
    expect(retryDelayMs(1, asked, policy(0))).toBe(7000);
  });
});
