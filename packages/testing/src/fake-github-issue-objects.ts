import { readFileSync } from 'node:fs';
import type { FakeAnswer } from './fake-github.js';
import type { FakeIssue } from './fake-github-issues.js';

// The recorded `issue` and `issue-comment` objects, re-addressed to the stored issue: every URL,
// the number, title, body, state and labels are the store's, the rest is the recording's.

/** GitHub's `issue` object for a stored issue of `owner/repo`. */
export function issueObject(
  template: Record<string, unknown>,
  name: string,
  issue: FakeIssue,
): Record<string, unknown> {
  const api = `https://api.github.com/repos/${name}`;
  const self = `${api}/issues/${String(issue.number)}`;
  const labelTemplate = (template.labels as Record<string, unknown>[] | undefined)?.[0] ?? {};
  return {
    ...structuredClone(template),
    url: self,
    repository_url: api,
    labels_url: `${self}/labels{/name}`,
    comments_url: `${self}/comments`,
    events_url: `${self}/events`,
    timeline_url: `${self}/timeline`,
    html_url: `https://github.com/${name}/issues/${String(issue.number)}`,
    id: 2716540000 + issue.number,
    number: issue.number,
    title: issue.title,
    body: issue.body === '' ? null : issue.body,
    state: issue.state,
    state_reason: issue.state === 'closed' ? 'completed' : null,
    closed_at: issue.state === 'closed' ? '2026-11-29T12:00:00Z' : null,
    comments: issue.comments.length,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    labels: issue.labels.map((label, i) => ({
      ...labelTemplate,
      id: 7301000000 + i,
      url: `${api}/labels/${encodeURIComponent(label)}`,
      name: label,
    })),
  };
}

/** GitHub's `issue-comment` object for the latest comment on a stored issue. */
export function commentObject(
  template: Record<string, unknown>,
  name: string,
  issue: FakeIssue,
  body: string,
): Record<string, unknown> {
  const id = 2507700000 + issue.number * 1000 + issue.comments.length;
  const api = `https://api.github.com/repos/${name}`;
  return {
    ...structuredClone(template),
    id,
    url: `${api}/issues/comments/${String(id)}`,
    html_url: `https://github.com/${name}/issues/${String(issue.number)}#issuecomment-${String(id)}`,
    issue_url: `${api}/issues/${String(issue.number)}`,
    body,
  };
}

/** A search query, as far as the fake understands it. */
export interface SearchQuery {
  repo?: string;
  kinds: string[];
  states: string[];
  labels: string[];
  /** `body`, `title`, `comments`; empty means title and body. */
  fields: string[];
  terms: string[];
}

/** Parses `repo:O/R is:issue is:open label:x in:body "quoted phrase" word`. */
export function parseQuery(q: string): SearchQuery {
  const query: SearchQuery = { kinds: [], states: [], labels: [], fields: [], terms: [] };
  for (const match of q.matchAll(/(\w+):("[^"]*"|\S+)|"([^"]*)"|(\S+)/g)) {
    const [, key, value = '', phrase, word] = match;
    const bare = value.replace(/^"|"$/g, '');
    if (key === 'repo') query.repo = bare;
    else if (key === 'is' && (bare === 'issue' || bare === 'pr')) query.kinds.push(bare);
    else if (key === 'is' || key === 'state') query.states.push(bare);
    else if (key === 'label') query.labels.push(bare);
    else if (key === 'in') query.fields.push(...bare.split(','));
    else if (key !== undefined) query.terms.push(`${key}:${bare}`);
    else query.terms.push(phrase ?? word ?? '');
  }
  return query;
}

/** True when a stored issue satisfies the query (terms: case-insensitive substrings). */
export function matches(issue: FakeIssue, query: SearchQuery): boolean {
  if (query.kinds.length > 0 && !query.kinds.includes('issue')) return false;
  if (query.states.length > 0 && !query.states.includes(issue.state)) return false;
  if (!query.labels.every((label) => issue.labels.includes(label))) return false;
  const fields = query.fields.length > 0 ? query.fields : ['title', 'body'];
  const text = [
    fields.includes('title') ? issue.title : '',
    fields.includes('body') ? issue.body : '',
    fields.includes('comments') ? issue.comments.join('\n') : '',
  ]
    .join('\n')
    .toLowerCase();
  return query.terms.every((term) => text.includes(term.toLowerCase()));
}

/** GitHub's 422 for invalid input (`Invalid request.\n\n<why>`). */
export function invalid(why: string, doc: string): FakeAnswer {
  return {
    status: 422,
    body: {
      message: `Invalid request.\n\n${why}`,
      documentation_url: `https://docs.github.com/rest/issues/issues#${doc}`,
      status: '422',
    },
  };
}

/** GitHub's 422 for a search on a repository that does not exist or cannot be seen. */
export function searchRefused(): unknown {
  return JSON.parse(
    readFileSync(new URL('../fixtures/github/error-422-search.json', import.meta.url), 'utf8'),
  ) as unknown;
}

/** Now as GitHub writes timestamps: ISO 8601 in whole seconds, UTC. */
export function githubNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** GitHub's `sort` (`created` default, `updated`, `comments`) and `direction` (`desc` default). */
export function issueOrder(
  sort = 'created',
  direction = 'desc',
): (a: FakeIssue, b: FakeIssue) => number {
  const key = (issue: FakeIssue): number =>
    sort === 'updated'
      ? Date.parse(issue.updatedAt)
      : sort === 'comments'
        ? issue.comments.length
        : Date.parse(issue.createdAt);
  const sign = direction === 'asc' ? 1 : -1;
  return (a, b) => sign * (key(a) - key(b) || a.number - b.number);
}
