export { createGithubClient } from './client.js';
export type { GithubClient, GithubClientOptions, RepositoryVisibility } from './client.js';
export { GithubError } from './error.js';
export type { GithubErrorCode } from './error.js';
export type {
  GithubLog,
  PullRequestReview,
  PullRequestSummary,
  StoredAttestation,
  UploadedAttestation,
} from './types.js';
