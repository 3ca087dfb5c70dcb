import type { getOctokit } from '@actions/github';
import { GithubError } from './error.js';
import { toComment, toIssue, searchItems } from './issue-shapes.js';
import type { Doing } from './map-error.js';
import type { GithubIssue, GithubIssueComment, MarkerSearch } from './types.js';

type Octokit = ReturnType<typeof getOctokit>;

/** What the issue calls borrow from the client: octokit, message context and error mapping. */
export interface IssueCallContext {
  octokit: Octokit;
  doing(what: string, owner: string, repo: string, permissionHint: string): Doing;
  call<T>(context: Doing, run: () => Promise<T>): Promise<T>;
}

/** A new issue. */
export interface NewIssue {
  title: string;
  body: string;
  labels: string[];
}

/** The issue calls of {@link GithubClient}. */
export interface IssueCalls {
  searchIssuesByMarker(
    owner: string,
    repo: string,
    fingerprint: string,
    options?: { label?: string },
  ): Promise<MarkerSearch>;
  createIssue(owner: string, repo: string, issue: NewIssue): Promise<GithubIssue>;
  createIssueComment(
    owner: string,
    repo: string,
    number: number,
    body: string,
  ): Promise<GithubIssueComment>;
}

const READ = 'the token needs `issues: read`';
const WRITE = 'the token needs `issues: write`';

/**
 * The issue calls over the client's octokit. Finding the issue of a fingerprint asks two sources:
 * the open issues with the `trailmark` label (a plain listing: consistent at once, so authoritative
 * for what is open now — a second run right after the first sees the first's issue) and the search
 * API (`"<fingerprint>" in:body`: also finds closed issues and ones whose label was removed, but its
 * index lags by seconds to minutes). Both are candidates only: an issue counts when its body
 * contains the fingerprint, and the caller checks the marker itself.
 */
export function issueCalls(ctx: IssueCallContext): IssueCalls {
  const { octokit } = ctx;
  return {
    async searchIssuesByMarker(owner, repo, fingerprint, options = {}) {
      const label = options.label ?? 'trailmark';
      // Search first, the listing second: the listing's answer is the later, fresher one.
      const warnings: string[] = [];
      const searched = await searchByBody(ctx, owner, repo, fingerprint, warnings);
      const listing = ctx.doing(
        `listing open issues labelled ${label} in ${owner}/${repo}`,
        owner,
        repo,
        READ,
      );
      const listed = await ctx.call(listing, () =>
        octokit.paginate('GET /repos/{owner}/{repo}/issues', {
          owner,
          repo,
          state: 'open',
          labels: label,
          per_page: 100,
        }),
      );
      const byNumber = new Map<number, GithubIssue>();
      // The listing's copy is the fresher one: it goes in last and wins.
      for (const item of [...searched, ...listed]) {
        const issue = toIssue(item, listing.what);
        if (issue !== undefined) byNumber.set(issue.number, issue);
      }
      const needle = fingerprint.toLowerCase();
      const issues = [...byNumber.values()]
        .filter((issue) => issue.body.toLowerCase().includes(needle))
        .sort((a, b) => a.number - b.number);
      return { issues, warnings };
    },
    async createIssue(owner, repo, issue) {
      const context = ctx.doing(`creating an issue in ${owner}/${repo}`, owner, repo, WRITE);
      const response = await ctx.call(context, () =>
        octokit.request('POST /repos/{owner}/{repo}/issues', { owner, repo, ...issue }),
      );
      const created = toIssue(response.data, context.what);
      if (created === undefined)
        throw new GithubError(
          'GITHUB_PROTOCOL',
          `GitHub's answer to ${context.what} is a pull request`,
        );
      return created;
    },
    async createIssueComment(owner, repo, number, body) {
      const context = ctx.doing(
        `commenting on ${owner}/${repo}#${String(number)}`,
        owner,
        repo,
        WRITE,
      );
      const response = await ctx.call(context, () =>
        octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
          owner,
          repo,
          issue_number: number,
          body,
        }),
      );
      return toComment(response.data, context.what);
    },
  };
}

// Search is the lagging, rate-limited extra source (30 requests a minute): when GitHub refuses or
// rate-limits it, the listing alone decides and the caller is told.
async function searchByBody(
  ctx: IssueCallContext,
  owner: string,
  repo: string,
  fingerprint: string,
  warnings: string[],
): Promise<unknown[]> {
  const context = ctx.doing(
    `searching issues of ${owner}/${repo} for ${fingerprint}`,
    owner,
    repo,
    READ,
  );
  const q = `repo:${owner}/${repo} is:issue "${fingerprint}" in:body`;
  try {
    const response = await ctx.call(context, () =>
      ctx.octokit.request('GET /search/issues', { q, per_page: 100 }),
    );
    return searchItems(response.data, context.what);
  } catch (err) {
    if (
      !(err instanceof GithubError) ||
      err.code === 'GITHUB_AUTH' ||
      err.code === 'GITHUB_UNREACHABLE'
    )
      throw err;
    warnings.push(`${err.message}; only the listing of labelled open issues was used`);
    return [];
  }
}
