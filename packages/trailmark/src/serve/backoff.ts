import { isTrailmarkError } from '@trailmark/core';

/** How long before a failed job is tried again. */
export interface BackoffPolicy {
  /** First wait (default 1 s), doubled per attempt. */
  baseMs: number;
  /** Longest wait (default 5 min). */
  maxMs: number;
  /** 0..1 (`Math.random`): each wait is spread over [50 %, 100 %] of its value. */
  random: () => number;
}

/** The default backoff: 1 s, 2 s, 4 s … up to 5 min, with jitter. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 300_000, random: Math.random };

/**
 * The wait before attempt `attempts + 1`: exponential with "equal jitter", never shorter than
 * what the service asked for (`retry-after`, or until `x-ratelimit-reset`) when the error says.
 */
export function retryDelayMs(attempts: number, error: unknown, policy = DEFAULT_BACKOFF): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  const jittered = exponential / 2 + (exponential / 2) * policy.random();
  const asked = askedMs(error);
  return Math.round(asked === undefined ? jittered : Math.max(asked, jittered));
}

// What the service asked for (`retry-after`, a rate-limit reset); a rate limit that named no wait
// is given a minute.
function askedMs(error: unknown): number | undefined {
  const retryAfter = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  if (typeof retryAfter === 'number') return retryAfter;
  const failure = (error as { failure?: unknown } | null)?.failure ?? error;
  if (isTrailmarkError(failure) && failure.code === 'GITHUB_RATE_LIMITED') return 60_000;
  return undefined;
}
