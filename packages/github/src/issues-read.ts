import { GithubError } from './error.js';
import { toIssue } from './issue-shapes.js';
import type { IssueCallContext } from './issues.js';
import type { GithubIssue, GithubIssueCommentText, ListedIssue } from './types.js';

/** Reading one issue and its comments (serve's exactly-once check looks for an alert's marker). */
export interface IssueReadCalls {
  /** `GET /repos/{owner}/{repo}/issues/{number}`; a pull request is `GITHUB_PROTOCOL`. */
  getIssue(owner: string, repo: string, number: number): Promise<GithubIssue>;
  /** `GET /repos/{owner}/{repo}/issues/{number}/comments`, every page, oldest first. */
  listIssueComments(owner: string, repo: string, number: number): Promise<GithubIssueCommentText[]>;
  /**
   * `GET /repos/{owner}/{repo}/issues?state=open&labels=…&since=…&sort=updated&direction=asc`,
   * every page: the open issues with the label updated at or after `since` (ISO 8601; all open
   * ones without it), least recently updated first; pull requests left out.
   */
  listOpenIssuesSince(
    owner: string,
    repo: string,
    options: { label: string; since?: string },
  ): Promise<ListedIssue[]>;
}

const READ = 'the token needs `issues: read`';

/** The read calls over the client's octokit. */
export function issueReadCalls(ctx: IssueCallContext): IssueReadCalls {
  const { octokit } = ctx;
  return {
    async getIssue(owner, repo, number) {
      const context = ctx.doing(`reading ${owner}/${repo}#${String(number)}`, owner, repo, READ);
      const response = await ctx.call(context, () =>
        octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', {
          owner,
          repo,
          issue_number: number,
        }),
      );
      const issue = toIssue(response.data, context.what);
      if (issue === undefined)
        throw new GithubError(
          'GITHUB_PROTOCOL',
          `${owner}/${repo}#${String(number)} is a pull request`,
        );
      return issue;
    },
    async listIssueComments(owner, repo, number) {
      const context = ctx.doing(
        `listing comments of ${owner}/${repo}#${String(number)}`,
        owner,
        repo,
        READ,
      );
      const items = await ctx.call(context, () =>
        octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
          owner,
          repo,
          issue_number: number,
          per_page: 100,
        }),
      );
      return items.map((item) => toCommentText(item, context.what));
    },
    async listOpenIssuesSince(owner, repo, options) {
      const since = options.since === undefined ? '' : ` updated since ${options.since}`;
      const context = ctx.doing(
        `listing open issues labelled ${options.label}${since} in ${owner}/${repo}`,
        owner,
        repo,
        READ,
      );
      const items = await ctx.call(context, () =>
        octokit.paginate('GET /repos/{owner}/{repo}/issues', {
          owner,
          repo,
          state: 'open',
          labels: options.label,
          sort: 'updated',
          direction: 'asc',
          per_page: 100,
          ...(options.since === undefined ? {} : { since: options.since }),
        }),
      );
      return items.flatMap((item) => {
        const issue = toIssue(item, context.what);
        return issue === undefined
          ? []
          : [{ ...issue, updatedAt: updatedAtOf(item, context.what) }];
      });
    },
  };
}

function toCommentText(item: unknown, what: string): GithubIssueCommentText {
  const comment = (item ?? {}) as { id?: unknown; html_url?: unknown; body?: unknown };
  if (typeof comment.id !== 'number')
    throw new GithubError('GITHUB_PROTOCOL', `a comment in GitHub's answer to ${what} has no id`);
  return {
    id: comment.id,
    url: typeof comment.html_url === 'string' ? comment.html_url : '',
    body: typeof comment.body === 'string' ? comment.body : '',
  };
}

function updatedAtOf(item: unknown, what: string): string {
  const updated = (item as { updated_at?: unknown } | null)?.updated_at;
  if (typeof updated !== 'string' || Number.isNaN(Date.parse(updated)))
    throw new GithubError(
      'GITHUB_PROTOCOL',
      `an issue in GitHub's answer to ${what} has no updated_at`,
    );
  return updated;
}
