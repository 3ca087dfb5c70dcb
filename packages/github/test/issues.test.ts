import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createGithubClient,
  GithubError,
  type GithubClientOptions,
  type GithubLog,
} from '@trailmark/github';
import {
  GITHUB_FIXTURES,
  startFakeGithub,
  type FakeGithub,
  type FakeGithubOptions,
} from '@trailmark/testing';

const FINGERPRINT = `sha256:${'ab12'.repeat(16)}`;
const OTHER = `sha256:${'cd34'.repeat(16)}`;
const marked = (fingerprint: string): string =>
  `Shell in api\n\n<!-- trailmark:fingerprint ${fingerprint} -->`;

/** Everything the client said: log lines, error messages and inspected errors. */
const said: string[] = [];
const sleeps: number[] = [];
const log: GithubLog = {
  debug: (message) => said.push(message),
  info: (message) => said.push(message),
  warn: (message) => said.push(message),
  error: (message) => said.push(message),
};

let github: FakeGithub;
async function start(options: FakeGithubOptions = {}): Promise<void> {
  github = await startFakeGithub(options);
}
beforeEach(() => {
  said.length = 0;
  sleeps.length = 0;
});
afterEach(async () => {
  await github.stop();
  for (const line of said) expect(line).not.toContain(github.token);
});

function client(overrides: Partial<GithubClientOptions> = {}) {
  return createGithubClient({
    token: github.token,
    baseUrl: github.url,
    log,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<GithubError> {
  const err = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(err).toBeInstanceOf(GithubError);
  said.push((err as Error).message, inspect(err, { depth: Infinity }));
  return err as GithubError;
}

describe('createIssue and createIssueComment', () => {
  it('creates an issue with title, body and labels, and comments on it', async () => {
    await start();
    const issue = await client().createIssue('acme', 'shop', {
      title: 'Terminal shell in container on Deployment shop/api',
      body: marked(FINGERPRINT),
      labels: ['trailmark', 'security'],
    });
    expect(issue).toEqual({
      number: 1,
      state: 'open',
      title: 'Terminal shell in container on Deployment shop/api',
      body: marked(FINGERPRINT),
      url: 'https://github.com/acme/shop/issues/1',
      labels: ['trailmark', 'security'],
    });
    const comment = await client().createIssueComment('acme', 'shop', 1, 'Seen again');
    expect(comment.url).toMatch(/^https:\/\/github\.com\/acme\/shop\/issues\/1#issuecomment-\d+$/);
    expect(github.issues('acme/shop')[0]?.comments).toEqual(['Seen again']);
    const posts = github.requests.filter((request) => request.method === 'POST');
    expect(posts.map((request) => request.path)).toEqual([
      '/repos/acme/shop/issues',
      '/repos/acme/shop/issues/1/comments',
    ]);
    expect(posts[0]?.headers.authorization).toBe(`token ${github.token}`);
  });

  it('retries a 500 and then a 429 honouring retry-after: exactly one issue', async () => {
    await start();
    github.failNext(500);
    github.failNext(429, 1, { headers: { 'retry-after': '7' } });
    const issue = await client().createIssue('acme', 'shop', {
      title: 't',
      body: 'b',
      labels: [],
    });
    expect(issue.number).toBe(1);
    expect(github.issues('acme/shop')).toHaveLength(1);
    expect(github.requests.filter((request) => request.method === 'POST')).toHaveLength(3);
    // First retry: the 5xx backoff (1 s); second: the 7 s GitHub asked for.
    expect(sleeps).toEqual([1000, 7000]);
  });

  it('maps refusals to GITHUB_* codes without the token', async () => {
    await start();
    github.failNext(401);
    expect((await failure(client().createIssue('acme', 'shop', issueOf('b')))).code).toBe(
      'GITHUB_AUTH',
    );
    github.failNext(403);
    const refused = await failure(client().createIssueComment('acme', 'shop', 1, 'x'));
    expect(refused.code).toBe('GITHUB_PERMISSION');
    expect(refused.message).toContain('issues: write');
    const missing = await failure(client().createIssue('acme', 'gone', issueOf('b')));
    expect(missing.code).toBe('GITHUB_NOT_FOUND');
    const invalid = await failure(
      client().createIssue('acme', 'shop', { title: '', body: 'b', labels: [] }),
    );
    expect(invalid.code).toBe('GITHUB_PROTOCOL');
    expect(invalid.message).toContain('"title" wasn\'t supplied');
    github.failNext(502, 4);
    const down = await failure(client().createIssue('acme', 'shop', issueOf('b')));
    expect(down.code).toBe('GITHUB_UNREACHABLE');
    expect(github.issues('acme/shop')).toEqual([]);
  });
});

describe('searchIssuesByMarker', () => {
  it('finds an issue created a moment ago through the labelled listing (search lags)', async () => {
    await start();
    await client().createIssue('acme', 'shop', {
      title: 't',
      body: marked(FINGERPRINT),
      labels: ['trailmark'],
    });
    const found = await client().searchIssuesByMarker('acme', 'shop', FINGERPRINT);
    expect(found.issues.map((issue) => issue.number)).toEqual([1]);
    expect(found.warnings).toEqual([]);
    const search = github.requests.find((request) => request.path === '/search/issues');
    expect(search?.query.q).toBe(`repo:acme/shop is:issue "${FINGERPRINT}" in:body`);
    const listing = github.requests.find(
      (request) => request.method === 'GET' && request.path === '/repos/acme/shop/issues',
    );
    expect(listing?.query).toMatchObject({ state: 'open', labels: 'trailmark' });
  });

  it('finds closed and unlabelled issues through search once indexed', async () => {
    await start({
      issues: {
        'acme/shop': [
          { title: 'closed', body: marked(FINGERPRINT), state: 'closed', labels: ['trailmark'] },
          { title: 'label removed', body: marked(FINGERPRINT) },
        ],
      },
    });
    const found = await client().searchIssuesByMarker('acme', 'shop', FINGERPRINT);
    expect(found.issues.map((issue) => [issue.number, issue.state])).toEqual([
      [1, 'closed'],
      [2, 'open'],
    ]);
  });

  it('keeps only issues whose body carries the fingerprint', async () => {
    await start({
      issues: {
        'acme/shop': [
          { title: 'other incident', body: marked(OTHER), labels: ['trailmark'] },
          { title: `title only ${FINGERPRINT}`, body: 'nothing here', labels: ['trailmark'] },
          { title: 'ours', body: marked(FINGERPRINT), labels: ['trailmark'] },
        ],
      },
    });
    const found = await client().searchIssuesByMarker('acme', 'shop', FINGERPRINT);
    expect(found.issues.map((issue) => issue.title)).toEqual(['ours']);
  });

  it('uses the listing alone, with a warning, when search is refused or rate-limited', async () => {
    await start({
      issues: {
        'acme/shop': [{ title: 'ours', body: marked(FINGERPRINT), labels: ['trailmark'] }],
      },
    });
    github.failNext(422, 1, { path: '/search/issues', body: GITHUB_FIXTURES.searchRefused });
    const refused = await client().searchIssuesByMarker('acme', 'shop', FINGERPRINT);
    expect(refused.issues.map((issue) => issue.title)).toEqual(['ours']);
    expect(refused.warnings).toEqual([
      expect.stringContaining('GitHub answered HTTP 422 searching issues of acme/shop'),
    ]);
    // Search's own limit spent, reset an hour away: longer than any wait the client accepts.
    const reset = String(Math.floor(Date.now() / 1000) + 3600);
    github.failNext(403, 1, {
      path: '/search/issues',
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
    });
    const limited = await client().searchIssuesByMarker('acme', 'shop', FINGERPRINT);
    expect(limited.issues).toHaveLength(1);
    expect(limited.warnings).toEqual([expect.stringContaining('GitHub rate limit hit')]);
    expect(sleeps).toEqual([]);
  });

  it('fails when the token is rejected or the listing cannot be had', async () => {
    await start();
    github.failNext(401, 1, { path: '/search/issues' });
    const rejected = await failure(client().searchIssuesByMarker('acme', 'shop', FINGERPRINT));
    expect(rejected.code).toBe('GITHUB_AUTH');
    const missing = await failure(client().searchIssuesByMarker('acme', 'gone', FINGERPRINT));
    expect(missing.code).toBe('GITHUB_NOT_FOUND');
    expect(missing.message).toContain('acme/gone');
  });

  it('walks every page of the labelled listing', async () => {
    const seeds = Array.from({ length: 130 }, (_, i) => ({
      title: `issue ${String(i + 1)}`,
      body: i === 4 ? marked(FINGERPRINT) : marked(OTHER),
      labels: ['trailmark'],
    }));
    await start({ issues: { 'acme/shop': seeds } });
    const found = await client().searchIssuesByMarker('acme', 'shop', FINGERPRINT);
    expect(found.issues.map((issue) => issue.number)).toEqual([5]);
    const pages = github.requests.filter((request) => request.path === '/repos/acme/shop/issues');
    expect(pages.map((request) => request.query.page ?? '1')).toEqual(['1', '2']);
  });
});

function issueOf(body: string) {
  return { title: 't', body, labels: [] };
}
