import { foreignCause } from '@trailmark/core';
import { GithubError } from './error.js';
import { askedWaitMs, isHttpFailure } from './retry.js';

/** What was being done, for messages: `uploading an attestation to acme/shop`. */
export interface Doing {
  what: string;
  /** `owner/repo`. */
  repository: string;
  /** What a 403 means for this call, e.g. "the job needs `permissions: attestations: write`". */
  permissionHint: string;
  /** API host, for unreachable messages. */
  apiHost: string;
  attempts: number;
}

/**
 * Turns octokit's `RequestError` into a {@link GithubError}. Our messages are built from the route
 * and repository only; octokit's error stays as `cause` (it redacts the Authorization header).
 */
export function toGithubError(err: unknown, doing: Doing): GithubError {
  if (!isHttpFailure(err))
    return new GithubError('GITHUB_PROTOCOL', `unexpected failure ${doing.what}`, {
      cause: foreignCause(err),
    });
  const { status } = err;
  const rateLimited = status === 429 || (status === 403 && askedWaitMs(err, 0) !== undefined);
  if (rateLimited) {
    return new GithubError(
      'GITHUB_RATE_LIMITED',
      `GitHub rate limit hit ${doing.what} (HTTP ${status}); try again later`,
      { cause: foreignCause(err) },
    );
  }
  switch (status) {
    case 401:
      return new GithubError('GITHUB_AUTH', `GitHub rejected the token (HTTP 401) ${doing.what}`, {
        cause: foreignCause(err),
      });
    case 403:
      return new GithubError(
        'GITHUB_PERMISSION',
        `GitHub refused ${doing.what} (HTTP 403): ${doing.permissionHint}`,
        { cause: foreignCause(err) },
      );
    case 404:
      return new GithubError(
        'GITHUB_NOT_FOUND',
        `${doing.repository} was not found, or the token cannot see it (HTTP 404), ${doing.what}`,
        { cause: foreignCause(err) },
      );
    default:
      break;
  }
  if (status >= 500) {
    const answer =
      err.response === undefined ? 'could not be reached' : `kept failing (HTTP ${status})`;
    return new GithubError(
      'GITHUB_UNREACHABLE',
      `GitHub API ${doing.apiHost} ${answer} ${doing.what}, after ${doing.attempts} attempts`,
      { cause: foreignCause(err) },
    );
  }
  return new GithubError(
    'GITHUB_PROTOCOL',
    `GitHub answered HTTP ${status} ${doing.what}${serverMessage(err)}`,
    { cause: foreignCause(err) },
  );
}

/** GitHub's own `message` (e.g. a 422's validation text), quoted and cut short. */
function serverMessage(err: unknown): string {
  const data = (err as { response?: { data?: unknown } }).response?.data;
  const message =
    typeof data === 'object' && data !== null ? (data as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? `: "${message.slice(0, 200)}"` : '';
}
