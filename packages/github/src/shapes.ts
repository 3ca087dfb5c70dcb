import { GithubError } from './error.js';
import type { PullRequestReview, PullRequestSummary, StoredAttestation } from './types.js';

// GitHub's payloads are data from the network: each field used is checked before it is trusted.

interface User {
  login?: unknown;
}

/** The `id` of `POST /repos/{owner}/{repo}/attestations`' `201 {"id": …}`. */
export function uploadedId(data: unknown, what: string): number {
  const id = (data as { id?: unknown } | null)?.id;
  if (typeof id !== 'number' || !Number.isSafeInteger(id))
    throw protocol(`GitHub's answer to ${what} has no numeric id`);
  return id;
}

/** One `pull-request-simple` item. */
export function toPullRequestSummary(item: unknown, what: string): PullRequestSummary {
  const pr = item as {
    number?: unknown;
    title?: unknown;
    state?: unknown;
    html_url?: unknown;
    user?: User | null;
    base?: { ref?: unknown };
    head?: { ref?: unknown; sha?: unknown };
    merged_at?: unknown;
    merge_commit_sha?: unknown;
  };
  if (typeof pr.number !== 'number')
    throw protocol(`a pull request in GitHub's answer to ${what} has no number`);
  return {
    number: pr.number,
    title: text(pr.title),
    state: text(pr.state),
    url: text(pr.html_url),
    author: optionalText(pr.user?.login),
    baseRef: text(pr.base?.ref),
    headRef: text(pr.head?.ref),
    headSha: text(pr.head?.sha),
    mergedAt: optionalText(pr.merged_at),
    mergeCommitSha: optionalText(pr.merge_commit_sha),
  };
}

/** One `pull-request-review` item. */
export function toReview(item: unknown, what: string): PullRequestReview {
  const review = item as {
    id?: unknown;
    user?: User | null;
    state?: unknown;
    submitted_at?: unknown;
    commit_id?: unknown;
  };
  if (typeof review.id !== 'number' || typeof review.state !== 'string')
    throw protocol(`a review in GitHub's answer to ${what} has no id or state`);
  return {
    id: review.id,
    reviewer: optionalText(review.user?.login),
    state: review.state,
    submittedAt: optionalText(review.submitted_at),
    commitId: optionalText(review.commit_id),
  };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function protocol(message: string): GithubError {
  return new GithubError('GITHUB_PROTOCOL', message);
}

/** The `attestations` of one page of `GET /repos/{o}/{r}/attestations/{subject_digest}`. */
export function toStoredAttestations(data: unknown, what: string): StoredAttestation[] {
  const list = (data as { attestations?: unknown } | null)?.attestations;
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw protocol(`GitHub's answer to ${what} has no attestations list`);
  return list.map((item: unknown) => {
    const entry = (item ?? {}) as {
      bundle?: unknown;
      repository_id?: unknown;
      bundle_url?: unknown;
    };
    const bundle = entry.bundle;
    return {
      ...(typeof bundle === 'object' && bundle !== null
        ? { bundleJson: JSON.stringify(bundle) }
        : {}),
      ...(typeof entry.repository_id === 'number' ? { repositoryId: entry.repository_id } : {}),
      ...(typeof entry.bundle_url === 'string' ? { bundleUrl: entry.bundle_url } : {}),
    };
  });
}
