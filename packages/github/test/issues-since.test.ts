import { afterEach, describe, expect, it } from 'vitest';
import { createGithubClient, GithubError } from '@trailmark/github';
import { startFakeGithub, type FakeGithub, type FakeGithubOptions } from '@trailmark/testing';

// listOpenIssuesSince against the fake GitHub API: GitHub's `since` (updated at or after),
// `sort=updated&direction=asc`, every page, errors mapped like the other calls.

let github: FakeGithub | undefined;
async function start(options: FakeGithubOptions = {}): Promise<FakeGithub> {
  github = await startFakeGithub(options);
  return github;
}
afterEach(async () => {
  await github?.stop();
  github = undefined;
});

const client = (fake: FakeGithub) =>
  createGithubClient({ token: fake.token, baseUrl: fake.url, retries: 0 });
const seed = (title: string, updatedAt: string, more: object = {}) => ({
  title,
  body: `body of ${title}`,
  labels: ['trailmark'],
  updatedAt,
  ...more,
});

describe('listOpenIssuesSince', () => {
  it('lists open labelled issues, least recently updated first, with updated_at', async () => {
    const fake = await start({
      issues: {
        'acme/shop': [
          seed('late', '2026-12-01T10:00:03Z'),
          seed('early', '2026-12-01T10:00:01Z'),
          seed('closed', '2026-12-01T10:00:02Z', { state: 'closed' }),
          seed('unlabelled', '2026-12-01T10:00:02Z', { labels: ['bug'] }),
        ],
      },
    });
    const listed = await client(fake).listOpenIssuesSince('acme', 'shop', { label: 'trailmark' });
    expect(listed.map((issue) => [issue.number, issue.updatedAt])).toEqual([
      [2, '2026-12-01T10:00:01Z'],
      [1, '2026-12-01T10:00:03Z'],
    ]);
    expect(listed[0]?.body).toBe('body of early');
    const [request] = fake.requests;
    expect(request?.query).toMatchObject({
      state: 'open',
      labels: 'trailmark',
      sort: 'updated',
      direction: 'asc',
    });
    expect(request?.query.since).toBeUndefined();
  });

  it('keeps only issues updated at or after `since`; a comment counts as an update', async () => {
    const fake = await start({
      issues: {
        'acme/shop': [
          seed('old', '2026-12-01T10:00:00Z'),
          seed('edge', '2026-12-01T10:00:05Z'),
          seed('new', '2026-12-01T10:00:09Z'),
        ],
      },
    });
    const since = '2026-12-01T10:00:05Z';
    const first = await client(fake).listOpenIssuesSince('acme', 'shop', {
      label: 'trailmark',
      since,
    });
    expect(first.map((issue) => issue.number)).toEqual([2, 3]);
    await client(fake).createIssueComment('acme', 'shop', 1, 'still happening');
    const again = await client(fake).listOpenIssuesSince('acme', 'shop', {
      label: 'trailmark',
      since,
    });
    expect(again.map((issue) => issue.number)).toEqual([2, 3, 1]);
    expect(fake.requests.filter((r) => r.method === 'GET').map((r) => r.query.since)).toEqual([
      since,
      since,
    ]);
  });

  it('walks every page', async () => {
    const seeds = Array.from({ length: 130 }, (_, i) =>
      seed(
        `issue ${String(i + 1)}`,
        `2026-12-01T10:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z`,
      ),
    );
    const fake = await start({ issues: { 'acme/shop': seeds } });
    const listed = await client(fake).listOpenIssuesSince('acme', 'shop', { label: 'trailmark' });
    expect(listed.map((issue) => issue.number)).toEqual(seeds.map((_, i) => i + 1));
    expect(fake.requests.map((request) => request.query.page ?? '1')).toEqual(['1', '2']);
  });

  it('maps refusals to GITHUB_* codes', async () => {
    const fake = await start();
    fake.failNext(401, 1);
    const rejected = await client(fake)
      .listOpenIssuesSince('acme', 'shop', { label: 'trailmark' })
      .catch((error: unknown) => error);
    expect(rejected).toBeInstanceOf(GithubError);
    expect((rejected as GithubError).code).toBe('GITHUB_AUTH');
    const missing = await client(fake)
      .listOpenIssuesSince('acme', 'gone', { label: 'trailmark', since: '2026-12-01T10:00:00Z' })
      .catch((error: unknown) => error);
    expect((missing as GithubError).code).toBe('GITHUB_NOT_FOUND');
    expect((missing as GithubError).message).toContain('acme/gone');
    expect((missing as GithubError).message).not.toContain(fake.token);
  });
});
