import { afterEach, describe, expect, it } from 'vitest';
import {
  FAKE_GITHUB_COMMIT,
  GITHUB_FIXTURES,
  startFakeGithub,
  type FakeGithub,
} from '@trailmark/testing';
import type { PullRequestReview } from '@trailmark/github';
import { approversOf, fetchChangeRecord } from '../src/change-record.js';

let id = 0;
const review = (
  reviewer: string | undefined,
  state: string,
  submittedAt?: string,
): PullRequestReview => ({
  id: ++id,
  reviewer,
  state,
  submittedAt: submittedAt ?? `2026-11-25T10:00:${String(id).padStart(2, '0')}Z`,
  commitId: undefined,
});

describe('approversOf (latest decisive review per reviewer)', () => {
  it.each([
    ['a single approval', [review('bob', 'APPROVED')], ['bob']],
    [
      'changes requested, then approved',
      [review('bob', 'CHANGES_REQUESTED'), review('bob', 'APPROVED')],
      ['bob'],
    ],
    [
      'approved, then changes requested',
      [review('bob', 'APPROVED'), review('bob', 'CHANGES_REQUESTED')],
      [],
    ],
    ['approved, then dismissed', [review('bob', 'APPROVED'), review('bob', 'DISMISSED')], []],
    [
      'dismissed, then approved again',
      [review('bob', 'DISMISSED'), review('bob', 'APPROVED')],
      ['bob'],
    ],
    [
      'approved, then only commented',
      [review('bob', 'APPROVED'), review('bob', 'COMMENTED')],
      ['bob'],
    ],
    ['only commented', [review('bob', 'COMMENTED')], []],
    [
      'a pending draft after an approval',
      [review('bob', 'APPROVED'), review('bob', 'PENDING', '')],
      ['bob'],
    ],
    ['a deleted account', [review(undefined, 'APPROVED')], []],
    [
      'several reviewers, sorted',
      [
        review('carol', 'APPROVED'),
        review('alice', 'APPROVED'),
        review('dave', 'CHANGES_REQUESTED'),
      ],
      ['alice', 'carol'],
    ],
  ])('%s', (_label, reviews, expected) => {
    expect(approversOf(reviews)).toEqual(expected);
  });

  it('orders by submission time, not by the order GitHub listed them', () => {
    const later = review('bob', 'CHANGES_REQUESTED', '2026-11-26T00:00:00Z');
    const earlier = review('bob', 'APPROVED', '2026-11-25T00:00:00Z');
    expect(approversOf([later, earlier])).toEqual([]);
  });
});

describe('fetchChangeRecord against the fake GitHub API', () => {
  let github: FakeGithub | undefined;
  afterEach(async () => {
    await github?.stop();
    github = undefined;
  });
  const options = (fake: FakeGithub, extra: { event?: unknown; commit?: string } = {}) => ({
    repository: 'acme/shop',
    commit: extra.commit ?? FAKE_GITHUB_COMMIT,
    github: { token: fake.token, apiUrl: fake.url },
    retries: 0,
    event: extra.event,
  });

  it('finds PR #42 of the commit, its approvers (bob after changes requested, carol after a comment) and, without an event, its merger from the API', async () => {
    github = await startFakeGithub();
    const record = await fetchChangeRecord(options(github));
    expect(record.approvers).toEqual(['bob', 'carol']);
    expect(record.change).toEqual({ pullRequest: 42, url: 'https://github.com/acme/shop/pull/42' });
    expect(record.pullRequests).toMatchObject([
      { number: 42, author: 'alice', mergedBy: 'dave', approvers: ['bob', 'carol'] },
    ]);
    expect(record.warnings).toEqual([]);
    expect(github.requests.map((r) => r.path)).toEqual([
      `/repos/acme/shop/commits/${FAKE_GITHUB_COMMIT}/pulls`,
      '/repos/acme/shop/pulls/42/reviews',
      '/repos/acme/shop/pulls/42',
    ]);
  });

  it('records no merger when the API names none', async () => {
    github = await startFakeGithub({ mergedBy: {} });
    const record = await fetchChangeRecord(options(github));
    expect(record.pullRequests[0]?.mergedBy).toBeUndefined();
  });

  it('takes the merger from the push event whose head is the merge commit', async () => {
    github = await startFakeGithub();
    const mergeCommit = GITHUB_FIXTURES.commitPulls[0]?.merge_commit_sha as string;
    const record = await fetchChangeRecord(
      options(github, { event: { after: mergeCommit, sender: { login: 'dave' } } }),
    );
    expect(record.pullRequests[0]?.mergedBy).toBe('dave');
    const requests = github.requests.length;
    const other = await fetchChangeRecord(
      options(github, { event: { after: 'f'.repeat(40), sender: { login: 'mallory' } } }),
    );
    // The sender of an unrelated push is not the merger; the API is asked instead.
    expect(other.pullRequests[0]?.mergedBy).toBe('dave');
    expect(github.requests.slice(requests).map((r) => r.path)).toContain(
      '/repos/acme/shop/pulls/42',
    );
  });

  it('uses the pull request of a pull_request event and its merged_by', async () => {
    github = await startFakeGithub();
    const event = {
      pull_request: {
        number: 42,
        html_url: 'https://github.com/acme/shop/pull/42',
        title: 't',
        user: { login: 'alice' },
        merged_at: '2026-11-26T14:30:00Z',
        merged_by: { login: 'erin' },
        head: { sha: 'a'.repeat(40) },
      },
    };
    const record = await fetchChangeRecord(options(github, { event, commit: 'b'.repeat(40) }));
    expect(record.pullRequests).toMatchObject([
      { number: 42, mergedBy: 'erin', approvers: ['bob', 'carol'] },
    ]);
    expect(github.requests.map((r) => r.path)).toEqual(['/repos/acme/shop/pulls/42/reviews']);
  });

  it('prefers merged pull requests, and the one whose merge commit is the commit', async () => {
    const pr = GITHUB_FIXTURES.commitPulls[0] ?? {};
    github = await startFakeGithub({
      pullsByCommit: {
        [`acme/shop@${FAKE_GITHUB_COMMIT}`]: [
          { ...pr, number: 7, merged_at: null, html_url: 'https://github.com/acme/shop/pull/7' },
          {
            ...pr,
            number: 50,
            merge_commit_sha: FAKE_GITHUB_COMMIT,
            html_url: 'https://github.com/acme/shop/pull/50',
          },
          pr,
        ],
      },
      reviewsByPull: { 'acme/shop#42': GITHUB_FIXTURES.pullReviews, 'acme/shop#50': [] },
    });
    const record = await fetchChangeRecord(options(github));
    expect(record.pullRequests.map((p) => p.number)).toEqual([42, 50]);
    expect(record.change).toEqual({ pullRequest: 50, url: 'https://github.com/acme/shop/pull/50' });
    expect(record.approvers).toEqual(['bob', 'carol']);
  });

  it('degrades a 403 to a warning naming pull-requests: read', async () => {
    github = await startFakeGithub();
    github.failNext(403);
    const record = await fetchChangeRecord(options(github));
    expect(record).toMatchObject({ pullRequests: [], approvers: [], change: undefined });
    expect(record.warnings).toEqual([expect.stringMatching(/HTTP 403.*pull-requests: read/)]);
  });

  it('keeps the pull request when only its reviews are refused', async () => {
    github = await startFakeGithub({ reviewsByPull: {} });
    const record = await fetchChangeRecord(options(github));
    expect(record.change?.pullRequest).toBe(42);
    expect(record.approvers).toEqual([]);
    expect(record.warnings).toEqual([expect.stringMatching(/404.*pull-requests: read/)]);
  });

  it('throws when the API keeps failing (a release must not silently lose its approvers)', async () => {
    github = await startFakeGithub();
    github.failNext(502);
    await expect(fetchChangeRecord(options(github))).rejects.toMatchObject({
      code: 'GITHUB_UNREACHABLE',
    });
  });
});
