import { afterEach, describe, expect, it } from 'vitest';
import { startFakeGithub, type FakeGithub } from '@trailmark/testing';

let github: FakeGithub;
afterEach(async () => {
  await github.stop();
});

describe('fake GitHub search', () => {
  it('answers with the search resource rate-limit headers (30 a minute), counting down', async () => {
    github = await startFakeGithub();
    const ask = () =>
      fetch(`${github.url}/search/issues?q=${encodeURIComponent('repo:acme/shop is:issue x')}`, {
        headers: { authorization: `Bearer ${github.token}` },
      });
    const first = await ask();
    expect(first.headers.get('x-ratelimit-resource')).toBe('search');
    expect(first.headers.get('x-ratelimit-limit')).toBe('30');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('29');
    expect(((await first.json()) as { total_count: number }).total_count).toBe(0);
    expect((await ask()).headers.get('x-ratelimit-remaining')).toBe('28');
  });

  it('refuses a search on a repository it does not know with GitHub’s 422', async () => {
    github = await startFakeGithub();
    const response = await fetch(
      `${github.url}/search/issues?q=${encodeURIComponent('repo:acme/unknown is:issue x')}`,
      { headers: { authorization: `Bearer ${github.token}` } },
    );
    expect(response.status).toBe(422);
    expect(((await response.json()) as { message: string }).message).toBe('Validation Failed');
  });
});
