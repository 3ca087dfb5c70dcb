/** A pull request that contains a commit (`GET /repos/{owner}/{repo}/commits/{sha}/pulls`). */
export interface PullRequestSummary {
  number: number;
  title: string;
  /** `open` or `closed`. */
  state: string;
  /** The pull request's web page. */
  url: string;
  /** Login of the author, `undefined` for a deleted account. */
  author: string | undefined;
  baseRef: string;
  headRef: string;
  headSha: string;
  /** ISO 8601 time of the merge, `undefined` when not merged. */
  mergedAt: string | undefined;
  mergeCommitSha: string | undefined;
}

/** One review of a pull request (`GET /repos/{owner}/{repo}/pulls/{number}/reviews`). */
export interface PullRequestReview {
  id: number;
  /** Login of the reviewer, `undefined` for a deleted account. */
  reviewer: string | undefined;
  /** `APPROVED`, `CHANGES_REQUESTED`, `COMMENTED`, `DISMISSED` or `PENDING`. */
  state: string;
  /** ISO 8601 time, `undefined` for a pending review. */
  submittedAt: string | undefined;
  /** The head commit the review was made on, `undefined` when GitHub no longer has it. */
  commitId: string | undefined;
}

/** The stored attestation (`POST /repos/{owner}/{repo}/attestations`). */
export interface UploadedAttestation {
  id: number;
  /** `<serverUrl>/<owner>/<repo>/attestations/<id>` when `serverUrl` was given. */
  url?: string;
}

/** Where octokit and our retries write diagnostics; none of it carries the token. */
export interface GithubLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** One attestation as `GET /repos/{owner}/{repo}/attestations/{subject_digest}` lists it. */
export interface StoredAttestation {
  /** The Sigstore bundle, re-serialised as compact JSON; absent when GitHub sent only a URL. */
  bundleJson?: string;
  /** The repository that stored it (`repository_id`). */
  repositoryId?: number;
  /** Where GitHub serves the bundle on its own (`bundle_url`), when it says. */
  bundleUrl?: string;
}

/** An issue as trailmark reads it (`issue` and `issue-search-result-item` objects). */
export interface GithubIssue {
  number: number;
  /** `open` or `closed`. */
  state: string;
  title: string;
  /** Raw Markdown; `''` when GitHub sends `null`. */
  body: string;
  /** The issue's web page (`html_url`). */
  url: string;
  /** Label names. */
  labels: string[];
}

/** An issue from a listing, with when it last changed. */
export interface ListedIssue extends GithubIssue {
  /** `updated_at`: ISO 8601, GitHub's clock. */
  updatedAt: string;
}

/** A comment as `POST /repos/{owner}/{repo}/issues/{number}/comments` answers it. */
export interface GithubIssueComment {
  id: number;
  /** The comment's web page (`html_url`, `…/issues/N#issuecomment-ID`). */
  url: string;
}

/** A comment with its text (`GET /repos/{owner}/{repo}/issues/{number}/comments`). */
export interface GithubIssueCommentText extends GithubIssueComment {
  /** Raw Markdown; `''` when GitHub sends `null`. */
  body: string;
}

/** What {@link GithubClient.searchIssuesByMarker} found, and what it could not ask. */
export interface MarkerSearch {
  /** Issues whose body contains the fingerprint, by number; the listing's copy wins over search's. */
  issues: GithubIssue[];
  /** Why a source was left out (search refused or rate-limited): the listing alone was used. */
  warnings: string[];
}
