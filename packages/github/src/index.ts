export { createGithubClient } from './client.js';
export type { GithubClient, GithubClientOptions, RepositoryVisibility } from './client.js';
export { GithubError } from './error.js';
export type { IssueCalls, NewIssue } from './issues.js';
export type { IssueReadCalls } from './issues-read.js';
export type { GithubErrorCode } from './error.js';
export type {
  GithubIssue,
  GithubIssueComment,
  GithubIssueCommentText,
  GithubLog,
  ListedIssue,
  MarkerSearch,
  PullRequestReview,
  PullRequestSummary,
  StoredAttestation,
  UploadedAttestation,
} from './types.js';
