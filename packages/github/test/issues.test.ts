import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createGithubClient, GithubError, type GithubLog } from '@trailmark/github';
import { startFakeGithub, type FakeGithub, type FakeGithubOptions } from '@trailmark/testing';

const FP = `sha256:${'5e'.repeat(32)}`;
const MARKER = `<!-- trailmark:fingerprint ${FP} -->`;
const said: string[] = [];
const sleeps: number[] = [];
const log: GithubLog = {
  debug: (message) => said.push(message),
  info: (message) => said.push(message),
  warn: (message) => said.push(message),
  error: (message) => said.push(message),
};

let github: FakeGithub;
afterEach(async () => {
  await github.stop();
  said.length = 0;
  sleeps.length = 0;
});

async function start(options: FakeGithubOptions = {}) {
  github = await startFakeGithub(options);
  return createGithubClient({
    token: github.token,
    baseUrl: github.url,
    log,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
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

const NEW = {
  title: 'Terminal shell in container on Deployment shop/api',
  body: `# x\n\n${MARKER}`,
  labels: ['trailmark', 'security'],
};

describe('createIssue and createIssueComment', () => {
  it('creates an issue with title, body and labels and returns its number, page and labels', async () => {
    const client = await start();
    const issue = await client.createIssue('acme', 'shop', NEW);
    expect(issue).toEqual({
      number: 1,
      state: 'open',
      title: NEW.title,
      body: NEW.body,
      url: 'https://github.com/acme/shop/issues/1',
      labels: ['trailmark', 'security'],
    });
    expect(github.requests[0]).toMatchObject({
      method: 'POST',
      path: '/repos/acme/shop/issues',
      body: NEW,
    });
    expect(github.issues('acme/shop')).toHaveLength(1);
  });

  it('comments on an issue and returns the comment page', async () => {
    const client = await start();
    await client.createIssue('acme', 'shop', NEW);
    const comment = await client.createIssueComment('acme', 'shop', 1, 'seen again');
    expect(comment.url).toMatch(/^https:\/\/github\.com\/acme\/shop\/issues\/1#issuecomment-\d+$/);
    expect(github.issues('acme/shop')[0]?.comments).toEqual(['seen again']);
    const missing = await failure(client.createIssueComment('acme', 'shop', 99, 'x'));
    expect(missing.code).toBe('GITHUB_NOT_FOUND');
  });

  it('after a 500 then a 429 with retry-after: 1, creates exactly one issue, having waited', async () => {
    const client = await start();
    github.failNext(500);
    github.failNext(429, 1, { headers: { 'retry-after': '1' } });
    const issue = await client.createIssue('acme', 'shop', NEW);
    expect(issue.number).toBe(1);
    expect(github.issues('acme/shop')).toHaveLength(1);
    expect(github.requests.map((r) => r.method)).toEqual(['POST', 'POST', 'POST']);
    expect(sleeps).toEqual([1000, 1000]);
  });

  it('maps refusals to GITHUB_* codes naming issues: write, never the token', async () => {
    const client = await start();
    github.failNext(403);
    const refused = await failure(client.createIssue('acme', 'shop', NEW));
    expect(refused.code).toBe('GITHUB_PERMISSION');
    expect(refused.message).toContain('issues: write');
    const unseen = await failure(client.createIssue('acme', 'private-repo', NEW));
    expect(unseen.code).toBe('GITHUB_NOT_FOUND');
    github.failNext(422, 1, { body: { message: 'Validation Failed' } });
    expect((await failure(client.createIssue('acme', 'shop', NEW))).code).toBe('GITHUB_PROTOCOL');
    const wrongToken = createGithubClient({
      token: 'ghp_wrongwrongwrongwrongwrongwrongwrong00',
      baseUrl: github.url,
      log,
    });
    expect((await failure(wrongToken.createIssue('acme', 'shop', NEW))).code).toBe('GITHUB_AUTH');
    for (const line of said) {
      expect(line).not.toContain(github.token);
      expect(line).not.toContain('ghp_wrongwrongwrongwrongwrongwrongwrong00');
    }
  });
});

describe('searchIssuesByMarker', () => {
  it('finds an issue created a moment ago through the labelled listing while search lags', async () => {
    const client = await start();
    await client.createIssue('acme', 'shop', NEW);
    github.requests.length = 0;
    const found = await client.searchIssuesByMarker('acme', 'shop', FP);
    expect(found.issues.map((issue) => issue.number)).toEqual([1]);
    expect(found.warnings).toEqual([]);
    const [search, listing] = github.requests;
    expect(search).toMatchObject({ method: 'GET', path: '/search/issues' });
    expect(search?.query.q).toBe(`repo:acme/shop is:issue "${FP}" in:body`);
    expect(listing).toMatchObject({
      path: '/repos/acme/shop/issues',
      query: { state: 'open', labels: 'trailmark', per_page: '100' },
    });
  });

  it('finds closed and unlabelled issues through search once indexed; drops bodies without the fingerprint', async () => {
    const client = await start({
      issues: {
        'acme/shop': [
          { title: 'old', body: `fixed\n${MARKER}`, state: 'closed', labels: ['trailmark'] },
          { title: 'label removed by a human', body: `triaged\n${MARKER}` },
          {
            title: 'other incident',
            body: `<!-- trailmark:fingerprint sha256:${'0'.repeat(64)} -->`,
            labels: ['trailmark'],
          },
        ],
      },
    });
    const found = await client.searchIssuesByMarker('acme', 'shop', FP);
    expect(found.issues.map((issue) => [issue.number, issue.state])).toEqual([
      [1, 'closed'],
      [2, 'open'],
    ]);
  });

  it('pages through many open labelled issues', async () => {
    const seeds = Array.from({ length: 130 }, (_, i) => ({
      title: `t${String(i)}`,
      body: i === 3 ? MARKER : `<!-- trailmark:fingerprint sha256:${'1'.repeat(64)} -->`,
      labels: ['trailmark'],
    }));
    const client = await start({ issues: { 'acme/shop': seeds } });
    github.indexSearch();
    const found = await client.searchIssuesByMarker('acme', 'shop', FP, { label: 'trailmark' });
    expect(found.issues.map((issue) => issue.number)).toEqual([4]);
    expect(github.requests.filter((r) => r.path === '/repos/acme/shop/issues')).toHaveLength(2);
  });

  it('uses the listing alone, with a warning, when search is refused or rate-limited', async () => {
    const client = await start();
    await client.createIssue('acme', 'shop', NEW);
    github.failNext(422, 1, { body: { message: 'Validation Failed' } });
    const refused = await client.searchIssuesByMarker('acme', 'shop', FP);
    expect(refused.issues.map((issue) => issue.number)).toEqual([1]);
    expect(refused.warnings).toEqual([
      expect.stringMatching(
        /HTTP 422 searching issues of acme\/shop.*only the listing of labelled open issues was used$/,
      ),
    ]);
    github.failNext(403, 1, {
      headers: { 'retry-after': '3600' },
      body: { message: 'You have exceeded a secondary rate limit.' },
    });
    const limited = await client.searchIssuesByMarker('acme', 'shop', FP);
    expect(limited.issues).toHaveLength(1);
    expect(limited.warnings[0]).toMatch(/rate limit/);
  });

  it('sends search rate-limit headers of the search resource', async () => {
    await start();
    const response = await fetch(`${github.url}/search/issues?q=repo%3Aacme%2Fshop+x`, {
      headers: { authorization: `Bearer ${github.token}` },
    });
    expect(response.headers.get('x-ratelimit-resource')).toBe('search');
    expect(response.headers.get('x-ratelimit-limit')).toBe('30');
    expect(((await response.json()) as { total_count: number }).total_count).toBe(0);
  });
});
