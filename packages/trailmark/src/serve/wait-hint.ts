/** A fetch that remembers how long the service last asked to wait. */
export interface HintingFetch {
  fetch: typeof fetch;
  /** The wait the last refused answer asked for, in ms (`retry-after`, or until the rate-limit reset). */
  waitMs: () => number | undefined;
}

/**
 * Wraps `base` to read `retry-after` (seconds) and, when no requests remain,
 * `x-ratelimit-reset` (epoch seconds) off every 429/403/5xx answer, so a failed job is retried
 * no sooner than GitHub asked — the client's own error keeps no headers.
 */
export function createHintingFetch(base: typeof fetch, now: () => number): HintingFetch {
  let hint: number | undefined;
  const wrapped: typeof fetch = async (input, init) => {
    const response = await base(input, init);
    if (response.status === 429 || response.status === 403 || response.status >= 500)
      hint = waitOf(response.headers, now()) ?? hint;
    return response;
  };
  return { fetch: wrapped, waitMs: () => hint };
}

function waitOf(headers: Headers, now: number): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null && Number.isFinite(Number(retryAfter)))
    return Math.max(0, Number(retryAfter)) * 1000;
  const reset = headers.get('x-ratelimit-reset');
  if (
    headers.get('x-ratelimit-remaining') === '0' &&
    reset !== null &&
    Number.isFinite(Number(reset))
  )
    return Math.max(0, Number(reset) * 1000 - now);
  return undefined;
}

/** A job's failure with the wait the service asked for, when it said. */
export class JobFailure extends Error {
  override readonly name = 'JobFailure';
  constructor(
    readonly failure: unknown,
    readonly retryAfterMs: number | undefined,
  ) {
    super(failure instanceof Error ? failure.message : String(failure));
  }
}
