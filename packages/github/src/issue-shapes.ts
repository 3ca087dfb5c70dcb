import { GithubError } from './error.js';
import type { GithubIssue, GithubIssueComment } from './types.js';

// GitHub's payloads are data from the network: each field used is checked before it is trusted.

/** One `issue` (or search result item); `undefined` for a pull request, which the lists mix in. */
export function toIssue(item: unknown, what: string): GithubIssue | undefined {
  const issue = (item ?? {}) as {
    number?: unknown;
    state?: unknown;
    title?: unknown;
    body?: unknown;
    html_url?: unknown;
    labels?: unknown;
    pull_request?: unknown;
  };
  if (issue.pull_request !== undefined && issue.pull_request !== null) return undefined;
  if (typeof issue.number !== 'number' || typeof issue.state !== 'string')
    throw protocol(`an issue in GitHub's answer to ${what} has no number or state`);
  return {
    number: issue.number,
    state: issue.state,
    title: typeof issue.title === 'string' ? issue.title : '',
    body: typeof issue.body === 'string' ? issue.body : '',
    url: typeof issue.html_url === 'string' ? issue.html_url : '',
    labels: labelNames(issue.labels),
  };
}

/** The `items` of a `GET /search/issues` answer. */
export function searchItems(data: unknown, what: string): unknown[] {
  const items = (data as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) throw protocol(`GitHub's answer to ${what} has no items list`);
  return items;
}

/** The answer to creating a comment. */
export function toComment(data: unknown, what: string): GithubIssueComment {
  const comment = (data ?? {}) as { id?: unknown; html_url?: unknown };
  if (typeof comment.id !== 'number' || typeof comment.html_url !== 'string')
    throw protocol(`GitHub's answer to ${what} has no comment id or html_url`);
  return { id: comment.id, url: comment.html_url };
}

// Labels are strings or `{name}` objects.
function labelNames(labels: unknown): string[] {
  if (!Array.isArray(labels)) return [];
  return labels.flatMap((label: unknown) => {
    if (typeof label === 'string') return [label];
    const name = (label as { name?: unknown } | null)?.name;
    return typeof name === 'string' ? [name] : [];
  });
}

function protocol(message: string): GithubError {
  return new GithubError('GITHUB_PROTOCOL', message);
}
