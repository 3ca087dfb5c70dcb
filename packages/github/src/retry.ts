import type { GithubLog } from './types.js';

/** How failed requests are retried. */
export interface RetryPolicy {
  /** Extra attempts after a 5xx, a connection error, a 429 or a rate-limited 403. */
  retries: number;
  /** Longest wait accepted; a longer `retry-after` or rate-limit reset fails at once instead. */
  maxWaitMs: number;
  /** Waits between attempts (injectable so tests do not sleep). */
  sleep(ms: number): Promise<void>;
  /** Current time in ms, for `x-ratelimit-reset`. */
  now(): number;
  log: GithubLog;
}

/** The fields of octokit's `RequestError` this module reads. */
export interface HttpFailure {
  status: number;
  response?: { headers: Record<string, string | number | undefined> };
}

/** A request function as octokit's `hook.wrap('request', …)` hands it over. */
type RequestFn<Options, Result> = (options: Options) => Result | Promise<Result>;

/**
 * Wraps octokit's request so every call (and every page of a paginated one) is retried: 5xx and
 * connection errors with doubling waits from 1 s, 429 and rate-limited 403 after the wait GitHub
 * asks for (`retry-after`, or `x-ratelimit-reset` when nothing remains) — when that fits in
 * `maxWaitMs`.
 */
export function retrying<Options extends { method?: string; url?: string }, Result>(
  policy: RetryPolicy,
) {
  return async (request: RequestFn<Options, Result>, options: Options): Promise<Result> => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await request(options);
      } catch (err) {
        const wait = attempt < policy.retries ? retryWaitMs(err, attempt, policy) : undefined;
        if (wait === undefined) throw err;
        const failure = err as HttpFailure;
        const answer =
          failure.response === undefined ? 'got no answer' : `got HTTP ${String(failure.status)}`;
        policy.log.warn(
          `GitHub ${options.method ?? 'GET'} ${options.url ?? ''} ${answer}; retry ${attempt + 1} of ${policy.retries} in ${wait} ms`,
        );
        await policy.sleep(wait);
      }
    }
  };
}

/** How long to wait before retrying `err`, or `undefined` when it must not be retried. */
export function retryWaitMs(
  err: unknown,
  attempt: number,
  policy: Pick<RetryPolicy, 'maxWaitMs' | 'now'>,
): number | undefined {
  if (!isHttpFailure(err)) return undefined;
  const asked = askedWaitMs(err, policy.now());
  if (err.status === 429 || (err.status === 403 && asked !== undefined)) {
    const wait = asked ?? 1000 * 2 ** attempt;
    return wait <= policy.maxWaitMs ? wait : undefined;
  }
  if (err.status >= 500) return Math.min(1000 * 2 ** attempt, policy.maxWaitMs);
  return undefined;
}

/** The wait GitHub asks for: `retry-after` seconds, or until `x-ratelimit-reset` when none remain. */
export function askedWaitMs(err: HttpFailure, now: number): number | undefined {
  const headers = err.response?.headers ?? {};
  const retryAfter = Number(headers['retry-after']);
  if (headers['retry-after'] !== undefined && Number.isFinite(retryAfter))
    return Math.max(0, retryAfter) * 1000;
  if (
    String(headers['x-ratelimit-remaining']) === '0' &&
    headers['x-ratelimit-reset'] !== undefined
  ) {
    return Math.max(0, Number(headers['x-ratelimit-reset']) * 1000 - now);
  }
  return undefined;
}

/** True for octokit's `RequestError` (and anything else with a numeric `status`). */
export function isHttpFailure(err: unknown): err is HttpFailure {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as { status?: unknown }).status === 'number'
  );
}
