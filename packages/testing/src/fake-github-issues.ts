import type { FakeAnswer, RecordedRequest } from './fake-github.js';
import {
  commentObject,
  githubNow,
  invalid,
  issueOrder,
  issueObject,
  matches,
  parseQuery,
  searchRefused,
} from './fake-github-issue-objects.js';
import { listComments } from './fake-github-issues-read.js';

/** An issue the fake starts with (indexed for search at once). */
export interface FakeIssueSeed {
  title: string;
  body: string;
  state?: 'open' | 'closed';
  labels?: string[];
  /** `updated_at` (and `created_at`), ISO 8601; default: when the fake started. */
  updatedAt?: string;
}

/** An issue as the fake stores it, with the comments made on it. */
export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  comments: string[];
  /** `created_at`, ISO 8601 in whole seconds as GitHub writes it. */
  createdAt: string;
  /** `updated_at`: set on creation and on every comment made through the API. */
  updatedAt: string;
  /** False until search has "indexed" it ({@link FakeIssueStore.indexSearch}). */
  indexed: boolean;
}

/** The issues part of the fake GitHub. */
export interface FakeIssueStore {
  /** The answer for an issues or search route, `undefined` for any other route. */
  route(request: RecordedRequest, parts: string[]): FakeAnswer | undefined;
  /** `owner/repo`'s issues, by number. */
  issues(name: string): FakeIssue[];
  /** Makes every issue visible to search (GitHub's index catching up). */
  indexSearch(): void;
}

/** What the store borrows from the fake: the recorded templates, paging and the repositories known. */
export interface IssueStoreOptions {
  templates: { issue: Record<string, unknown>; comment: Record<string, unknown>; search: unknown };
  seeds: Record<string, FakeIssueSeed[]>;
  /** `lagging` (default): issues created through the API reach search only after `indexSearch()`. */
  searchIndexing: 'lagging' | 'immediate';
  knows(name: string): boolean;
  page(request: RecordedRequest, items: unknown[]): FakeAnswer;
  notFound(): FakeAnswer;
}

const SEARCH_LIMIT = 30;

/**
 * GitHub's issue routes over an in-memory store: `POST /repos/{o}/{r}/issues`, `GET
 * /repos/{o}/{r}/issues` (`state`, `labels`, `since`, `sort`, `direction`, paginated), `GET
 * /repos/{o}/{r}/issues/{n}` and its `comments`, `POST /repos/{o}/{r}/issues/{n}/comments` and `GET /search/issues` (`repo:`, `is:`, `in:`, `label:`,
 * quoted phrases), with search's own rate limit (30 a minute, `x-ratelimit-resource: search`).
 */
export function createIssueStore(options: IssueStoreOptions): FakeIssueStore {
  const store = new Map<string, FakeIssue[]>();
  for (const [name, seeds] of Object.entries(options.seeds))
    store.set(
      name,
      seeds.map((seed, i) => ({
        number: i + 1,
        title: seed.title,
        body: seed.body,
        state: seed.state ?? 'open',
        labels: seed.labels ?? [],
        comments: [],
        createdAt: seed.updatedAt ?? githubNow(),
        updatedAt: seed.updatedAt ?? githubNow(),
        indexed: true,
      })),
    );
  let searches = 0;
  const list = (name: string): FakeIssue[] => store.get(name) ?? [];
  const render = (name: string, issue: FakeIssue): Record<string, unknown> =>
    issueObject(options.templates.issue, name, issue);

  const create = (request: RecordedRequest, name: string): FakeAnswer => {
    const body = (request.body ?? {}) as { title?: unknown; body?: unknown; labels?: unknown };
    if (typeof body.title !== 'string' || body.title === '')
      return invalid('"title" wasn\'t supplied.', 'create-an-issue');
    if (typeof body.body === 'string' && body.body.length > 65_536)
      return invalid('body is too long (maximum is 65536 characters)', 'create-an-issue');
    const labels = Array.isArray(body.labels)
      ? body.labels.filter((l) => typeof l === 'string')
      : [];
    const issue: FakeIssue = {
      number: list(name).length + 1,
      title: body.title,
      body: typeof body.body === 'string' ? body.body : '',
      state: 'open',
      labels,
      comments: [],
      createdAt: githubNow(),
      updatedAt: githubNow(),
      indexed: options.searchIndexing === 'immediate',
    };
    store.set(name, [...list(name), issue]);
    return {
      status: 201,
      body: render(name, issue),
      headers: { location: `/repos/${name}/issues/${String(issue.number)}` },
    };
  };

  const comment = (request: RecordedRequest, name: string, number: number): FakeAnswer => {
    const issue = list(name).find((candidate) => candidate.number === number);
    if (issue === undefined) return options.notFound();
    const text = (request.body as { body?: unknown } | undefined)?.body;
    if (typeof text !== 'string' || text === '')
      return invalid('"body" wasn\'t supplied.', 'create-an-issue-comment');
    issue.comments.push(text);
    issue.updatedAt = githubNow();
    return { status: 201, body: commentObject(options.templates.comment, name, issue, text) };
  };

  const listIssues = (request: RecordedRequest, name: string): FakeAnswer => {
    const state = request.query.state ?? 'open';
    const wanted = (request.query.labels ?? '').split(',').filter((label) => label !== '');
    const since = request.query.since === undefined ? undefined : Date.parse(request.query.since);
    if (since !== undefined && Number.isNaN(since))
      return invalid(
        `${request.query.since ?? ''} is not a valid ISO 8601 timestamp`,
        'list-repository-issues',
      );
    const items = list(name)
      .filter((issue) => state === 'all' || issue.state === state)
      .filter((issue) => wanted.every((label) => issue.labels.includes(label)))
      .filter((issue) => since === undefined || Date.parse(issue.updatedAt) >= since)
      .sort(issueOrder(request.query.sort, request.query.direction))
      .map((issue) => render(name, issue));
    return options.page(request, items);
  };

  const search = (request: RecordedRequest): FakeAnswer => {
    searches += 1;
    const headers = {
      'x-ratelimit-limit': String(SEARCH_LIMIT),
      'x-ratelimit-remaining': String(Math.max(0, SEARCH_LIMIT - searches)),
      'x-ratelimit-used': String(searches),
      'x-ratelimit-resource': 'search',
    };
    const query = parseQuery(request.query.q ?? '');
    if (query.repo !== undefined && !options.knows(query.repo))
      return { status: 422, body: searchRefused(), headers };
    const items = [...store.entries()]
      .filter(([name]) => query.repo === undefined || name === query.repo)
      .flatMap(([name, issues]) =>
        issues
          .filter((issue) => issue.indexed && matches(issue, query))
          .sort((a, b) => b.number - a.number)
          .map((issue) => ({ ...render(name, issue), score: 1 })),
      );
    const envelope = options.templates.search as Record<string, unknown>;
    return { status: 200, body: { ...envelope, total_count: items.length, items }, headers };
  };

  return {
    route(request, parts) {
      if (request.method === 'GET' && request.path === '/search/issues') return search(request);
      const [head, owner = '', repo = '', kind, id, tail] = parts;
      if (head !== 'repos' || kind !== 'issues') return undefined;
      const name = `${owner}/${repo}`;
      if (!options.knows(name)) return options.notFound();
      if (parts.length === 4 && request.method === 'POST') return create(request, name);
      if (parts.length === 4 && request.method === 'GET') return listIssues(request, name);
      if (parts.length === 6 && tail === 'comments' && request.method === 'POST')
        return comment(request, name, Number(id));
      const issue = list(name).find((candidate) => candidate.number === Number(id));
      if (parts.length === 5 && request.method === 'GET')
        return issue === undefined
          ? options.notFound()
          : { status: 200, body: render(name, issue) };
      if (parts.length === 6 && tail === 'comments' && request.method === 'GET')
        return issue === undefined
          ? options.notFound()
          : listComments(request, name, issue, options.templates.comment, (r, items) =>
              options.page(r, items),
            );
      return undefined;
    },
    issues: (name) => list(name),
    indexSearch() {
      for (const issues of store.values()) for (const issue of issues) issue.indexed = true;
    },
  };
}
