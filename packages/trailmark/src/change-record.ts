import { compareCodeUnits } from '@trailmark/core';
import {
  GithubError,
  createGithubClient,
  type GithubClient,
  type GithubLog,
  type PullRequestReview,
  type PullRequestSummary,
} from '@trailmark/github';

/** Options of {@link fetchChangeRecord}. */
export interface ChangeRecordOptions {
  /** `owner/repo`. */
  repository: string;
  /** The full commit SHA being released. */
  commit: string;
  /** Token and REST API root (`GITHUB_API_URL`, passed explicitly: never read from env here). */
  github: { token: string; apiUrl: string };
  /** The workflow's event payload (the parsed `GITHUB_EVENT_PATH` file), when there is one. */
  event?: unknown;
  /** Extra attempts on 5xx and rate limits (default 3); tests pass 0. */
  retries?: number;
  log?: GithubLog;
}

/** One pull request that brought the commit, with who approved and who merged it. */
export interface PullRequestChange {
  number: number;
  url: string;
  title: string;
  author: string | undefined;
  mergedAt: string | undefined;
  /** From the event payload (a `pull_request` event, or the push its merge made), else `GET …/pulls/{n}`. */
  mergedBy: string | undefined;
  /** Reviewers whose latest review is APPROVED (see {@link approversOf}), sorted. */
  approvers: string[];
}

/** The change behind a release: its pull request(s), approvers and merger (docs/action.md, "The change record"). */
export interface ChangeRecord {
  pullRequests: PullRequestChange[];
  /** The deployment-origin `change`: the pull request whose merge commit (else head) is the commit, else the first merged one. */
  change: { pullRequest: number; url?: string } | undefined;
  /** Union of every pull request's approvers, sorted. */
  approvers: string[];
  /** Why part of the record is missing (a permission, a deleted pull request); never a crash. */
  warnings: string[];
}

// Review states that decide a reviewer's verdict. COMMENTED leaves an earlier verdict standing and
// PENDING is an unsubmitted draft; a dismissed review turns DISMISSED, which cancels that approval.
const DECISIVE = new Set(['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED']);

/**
 * Reviewers whose latest decisive review is APPROVED, sorted: a later CHANGES_REQUESTED or
 * DISMISSED cancels an approval, a later COMMENTED does not (GitHub's review-decision rule).
 * Reviews are taken in submission order (then id); deleted accounts are skipped.
 */
export function approversOf(reviews: readonly PullRequestReview[]): string[] {
  const ordered = [...reviews].sort(
    (a, b) => compareCodeUnits(a.submittedAt ?? '', b.submittedAt ?? '') || a.id - b.id,
  );
  const verdict = new Map<string, string>();
  for (const review of ordered) {
    if (review.reviewer !== undefined && DECISIVE.has(review.state))
      verdict.set(review.reviewer, review.state);
  }
  return [...verdict]
    .filter(([, state]) => state === 'APPROVED')
    .map(([login]) => login)
    .sort(compareCodeUnits);
}

/**
 * Reads the change record of `commit` from the GitHub API: the pull requests containing it (or
 * the event's pull request), each one's approvers, and who merged. A token without
 * `pull-requests: read` (403), an unseen repository (404) or a rejected token (401) leaves the
 * record partial with a warning; an unreachable API throws.
 */
export async function fetchChangeRecord(options: ChangeRecordOptions): Promise<ChangeRecord> {
  const warnings: string[] = [];
  const [owner = '', repo = ''] = options.repository.split('/');
  const client = createGithubClient({
    token: options.github.token,
    baseUrl: options.github.apiUrl,
    retries: options.retries ?? 3,
    ...(options.log ? { log: options.log } : {}),
  });
  // 1. The pull requests: the event's own, else those GitHub associates with the commit.
  const summaries =
    eventPullRequest(options.event) ??
    (await degrade(
      () => client.listPullRequestsForCommit(owner, repo, options.commit),
      warnings,
    )) ??
    [];
  const chosen = summaries.some((pr) => pr.mergedAt !== undefined)
    ? summaries.filter((pr) => pr.mergedAt !== undefined)
    : summaries;
  // 2. Each one's approvers and merger.
  const pullRequests: PullRequestChange[] = [];
  for (const pr of chosen)
    pullRequests.push(await describe(client, owner, repo, pr, options.event, warnings));
  // 3. The one pull request the deployment-origin predicate names.
  const primary =
    chosen.find((pr) => pr.mergeCommitSha === options.commit) ??
    chosen.find((pr) => pr.headSha === options.commit) ??
    chosen[0];
  return {
    pullRequests,
    change: primary && {
      pullRequest: primary.number,
      ...(primary.url ? { url: primary.url } : {}),
    },
    approvers: [...new Set(pullRequests.flatMap((pr) => pr.approvers))].sort(compareCodeUnits),
    warnings,
  };
}

async function describe(
  client: GithubClient,
  owner: string,
  repo: string,
  pr: PullRequestSummary,
  event: unknown,
  warnings: string[],
): Promise<PullRequestChange> {
  const reviews = await degrade(() => client.listReviews(owner, repo, pr.number), warnings);
  return {
    number: pr.number,
    url: pr.url,
    title: pr.title,
    author: pr.author,
    mergedAt: pr.mergedAt,
    mergedBy:
      mergerOf(pr, event) ??
      (pr.mergedAt === undefined
        ? undefined
        : await degrade(() => client.getMergedBy(owner, repo, pr.number), warnings)),
    approvers: reviews ? approversOf(reviews) : [],
  };
}

/** Runs a read; a permission-like GitHub refusal becomes a warning and `undefined`. */
async function degrade<T>(read: () => Promise<T>, warnings: string[]): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (
      !(err instanceof GithubError) ||
      !['GITHUB_PERMISSION', 'GITHUB_NOT_FOUND', 'GITHUB_AUTH'].includes(err.code)
    )
      throw err;
    const hint =
      err.code === 'GITHUB_PERMISSION' ? '' : '; the job needs `permissions: pull-requests: read`';
    warnings.push(
      `change record incomplete (no pull request or approvers recorded): ${err.message}${hint}`,
    );
    return undefined;
  }
}

// The event payload comes from the runner (GitHub wrote it); its fields are still checked before use.
interface EventShape {
  after?: unknown;
  sender?: { login?: unknown } | null;
  pull_request?: {
    number?: unknown;
    html_url?: unknown;
    title?: unknown;
    user?: { login?: unknown } | null;
    merged_at?: unknown;
    merge_commit_sha?: unknown;
    head?: { sha?: unknown; ref?: unknown };
    base?: { ref?: unknown };
    state?: unknown;
    merged_by?: { login?: unknown } | null;
  };
}

/** A `pull_request` event's pull request as a summary; `undefined` for other events. */
function eventPullRequest(event: unknown): PullRequestSummary[] | undefined {
  const pr = (event as EventShape | undefined)?.pull_request;
  if (typeof pr?.number !== 'number') return undefined;
  return [
    {
      number: pr.number,
      title: str(pr.title) ?? '',
      state: str(pr.state) ?? '',
      url: str(pr.html_url) ?? '',
      author: str(pr.user?.login),
      baseRef: str(pr.base?.ref) ?? '',
      headRef: str(pr.head?.ref) ?? '',
      headSha: str(pr.head?.sha) ?? '',
      mergedAt: str(pr.merged_at),
      mergeCommitSha: str(pr.merge_commit_sha),
    },
  ];
}

/**
 * Who merged `pr`: a `pull_request` event's `merged_by`, or the sender of the push whose head is
 * the pull request's merge commit (merging in the UI or the merge queue pushes it). Otherwise
 * unknown: commit → pulls answers carry no `merged_by`.
 */
function mergerOf(pr: PullRequestSummary, event: unknown): string | undefined {
  const shape = event as EventShape | undefined;
  if (shape?.pull_request?.number === pr.number) return str(shape.pull_request.merged_by?.login);
  if (pr.mergeCommitSha !== undefined && shape?.after === pr.mergeCommitSha)
    return str(shape.sender?.login);
  return undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
