import { TrailmarkError } from '@trailmark/core';

/** Error codes owned by `github`. */
export type GithubErrorCode =
  | 'GITHUB_UNREACHABLE'
  | 'GITHUB_AUTH'
  | 'GITHUB_PERMISSION'
  | 'GITHUB_NOT_FOUND'
  | 'GITHUB_RATE_LIMITED'
  | 'GITHUB_PROTOCOL';

/** An error from the GitHub REST API. Names the repository and route; never carries the token. */
export class GithubError extends TrailmarkError<GithubErrorCode> {}
