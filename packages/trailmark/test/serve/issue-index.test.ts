import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGithubClient } from '@trailmark/github';
import { openOutbox, type Outbox } from '@trailmark/store';
import { createTempDir, startFakeGithub, type FakeGithub, type TempDir } from '@trailmark/testing';
import { alertMarkerOf } from '../../src/serve/alert-marker.js';
import { escalateJobToGithub } from '../../src/serve/github-job.js';
import {
  INDEX_MIN_GAP_MS,
  INDEX_OVERLAP_MS,
  createOpenIssueIndex,
  type OpenIssueIndex,
} from '../../src/serve/issue-index.js';
import { incident, markdownOf } from '../escalate-incident.js';

// serve's index of open labelled issues against the fake GitHub API, through the product's
// client and a real SQLite outbox: one full listing then `since` listings, issues opened by
// another process found, one shared listing for concurrent lookups, closed issues not reused.

const fp = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;
const jobId = (n: number) => `sha256:${(n + 0x1000).toString(16).padStart(64, '0')}`;
const marked = (n: number) => `Shell in api\n\n<!-- trailmark:fingerprint ${fp(n)} -->`;
let github: FakeGithub;
let dir: TempDir;
let outbox: Outbox;
let index: OpenIssueIndex;

beforeEach(async () => {
  github = await startFakeGithub({
    issues: {
      'acme/shop': [1, 2, 3].map((n) => ({
        title: `seeded ${String(n)}`,
        body: marked(n),
        labels: ['trailmark'],
      })),
    },
  });
  dir = await createTempDir('trailmark-serve-index-');
  outbox = await openOutbox(`sqlite:${join(dir.path, 'outbox.db')}`);
  index = createOpenIssueIndex();
});
afterEach(async () => {
  await outbox.close();
  await github.stop();
  await dir.cleanup();
});

const client = () => createGithubClient({ token: github.token, baseUrl: github.url, retries: 0 });
const send = (n: number, job = jobId(n), attempts = 1, issues = index) => {
  const subject = incident({ fingerprint: fp(n) });
  return escalateJobToGithub({ id: job, attempts }, subject, markdownOf(subject), {
    client: client(),
    refs: outbox,
    host: 'github.com',
    issues,
  });
};
const listings = () =>
  github.requests.filter((r) => r.method === 'GET' && r.path === '/repos/acme/shop/issues');

describe('the open-issue index', () => {
  it('lists every open issue once, then only those updated since the newest seen', async () => {
    expect((await send(2)).outcome).toBe('commented');
    expect((await send(7)).outcome).toBe('created');
    expect((await send(8)).outcome).toBe('created');
    const since = listings().map((r) => r.query.since);
    expect(since).toHaveLength(3);
    expect(since[0]).toBeUndefined();
    const newest = Date.parse(github.issues('acme/shop')[2]?.updatedAt ?? '');
    for (const value of since.slice(1))
      expect(Date.parse(value ?? '')).toBeGreaterThanOrEqual(newest - INDEX_OVERLAP_MS);
    expect(github.requests.filter((r) => r.path === '/search/issues')).toHaveLength(0);
    expect(github.issues('acme/shop')).toHaveLength(5);
  });

  it('finds an issue another process opened after the first listing: no second issue', async () => {
    await send(7);
    // A CLI run (or a replica with its own store) opens the issue of fingerprint 9.
    await client().createIssue('acme', 'shop', {
      title: 'elsewhere',
      body: marked(9),
      labels: ['trailmark'],
    });
    const sent = await send(9);
    expect(sent.outcome).toBe('commented');
    expect(github.issues('acme/shop')).toHaveLength(5);
    expect(github.issues('acme/shop')[4]?.comments[0]).toContain(alertMarkerOf(jobId(9)));
  });

  it('concurrent lookups share one listing, started a gap after the last', async () => {
    await send(1);
    const before = listings().length;
    const started = Date.now();
    const wanted = Array.from({ length: 20 }, (_, i) => (i % 3) + 1);
    const found = await Promise.all(
      wanted.map((n) => index.lookup(client(), 'acme', 'shop', fp(n))),
    );
    expect(found.map((issues) => issues.map((issue) => issue.number))).toEqual(
      wanted.map((n) => [n]),
    );
    // send(1) listed just now: the 20 lookups wait out the gap and share the next listing.
    expect(listings().length - before).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(INDEX_MIN_GAP_MS / 2);
  });

  it('lookups while a listing runs share the one queued behind it', async () => {
    const quick = createOpenIssueIndex({ minGapMs: 0 });
    const first = quick.lookup(client(), 'acme', 'shop', fp(1));
    const rest = [2, 3, 2, 3].map((n) => quick.lookup(client(), 'acme', 'shop', fp(n)));
    const found = await Promise.all([first, ...rest]);
    expect(found.map((issues) => issues.map((issue) => issue.number))).toEqual([
      [1],
      [2],
      [3],
      [2],
      [3],
    ]);
    expect(listings()).toHaveLength(2);
  });

  it('an issue closed since it was listed gets a follow-up issue, not a comment', async () => {
    await send(7);
    const seeded = github.issues('acme/shop')[1];
    if (seeded === undefined) throw new Error('no seeded issue 2');
    seeded.state = 'closed';
    const sent = await send(2);
    expect(sent.outcome).toBe('created');
    expect(seeded.comments).toHaveLength(0);
    expect(github.issues('acme/shop')[4]?.body).toMatch(/^Previously reported in #2 \(closed\)/);
    expect(await outbox.getGroupRef(fp(2))).toBe('acme/shop#5');
  });

  it('a job claimed again right after a restart finds its marker through a fresh index', async () => {
    await send(7);
    await outbox.setGroupRef(fp(7), 'elsewhere/none#0');
    const posts = github.requests.filter((r) => r.method === 'POST').length;
    const again = await send(7, jobId(7), 2, createOpenIssueIndex());
    expect(again.outcome).toBe('already');
    expect(github.requests.filter((r) => r.method === 'POST')).toHaveLength(posts);
    expect(await outbox.getGroupRef(fp(7))).toBe('acme/shop#4');
  });
});
