import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGithubClient } from '@trailmark/github';
import { openOutbox, type Outbox } from '@trailmark/store';
import { createTempDir, startFakeGithub, type FakeGithub, type TempDir } from '@trailmark/testing';
import { alertMarkerOf } from '../../src/serve/alert-marker.js';
import { escalateJobToGithub, type GithubJobContext } from '../../src/serve/github-job.js';
import { createOpenIssueIndex, type OpenIssueIndex } from '../../src/serve/issue-index.js';
import { FINGERPRINT, incident, markdownOf } from '../escalate-incident.js';

// The exactly-once rules against the fake GitHub API and a real SQLite outbox: the alert marker,
// the remembered issue, and a job claimed again after a crash that finds its own marker.

const JOB = `sha256:${'1a'.repeat(32)}`;
const OTHER = `sha256:${'2b'.repeat(32)}`;
let github: FakeGithub;
let dir: TempDir;
let outbox: Outbox;
let index: OpenIssueIndex;

beforeEach(async () => {
  index = createOpenIssueIndex();
  github = await startFakeGithub();
  dir = await createTempDir('trailmark-serve-github-');
  outbox = await openOutbox(`sqlite:${join(dir.path, 'outbox.db')}`);
});
afterEach(async () => {
  await outbox.close();
  await github.stop();
  await dir.cleanup();
});

const context = (): GithubJobContext => ({
  client: createGithubClient({ token: github.token, baseUrl: github.url, retries: 0 }),
  refs: outbox,
  host: 'github.com',
  issues: index,
});
const send = (id: string, attempts: number) =>
  escalateJobToGithub({ id, attempts }, incident(), markdownOf(incident()), context());
const posts = () =>
  github.requests.filter((request) => request.method === 'POST').map((r) => r.path);

describe('escalateJobToGithub', () => {
  it('opens an issue carrying both markers and remembers it for the fingerprint', async () => {
    const sent = await send(JOB, 1);
    expect(sent.outcome).toBe('created');
    const [issue] = github.issues('acme/shop');
    expect(issue?.body).toContain(`<!-- trailmark:fingerprint ${FINGERPRINT} -->`);
    expect(issue?.body.endsWith(alertMarkerOf(JOB))).toBe(true);
    expect(await outbox.getGroupRef(FINGERPRINT)).toBe('acme/shop#1');
  });

  it('a later alert comments on the remembered issue without searching', async () => {
    await send(JOB, 1);
    const searchesBefore = github.requests.filter((r) => r.path === '/search/issues').length;
    const sent = await send(OTHER, 1);
    expect(sent.outcome).toBe('commented');
    expect(github.requests.filter((r) => r.path === '/search/issues').length).toBe(searchesBefore);
    expect(github.issues('acme/shop')[0]?.comments[0]).toContain(alertMarkerOf(OTHER));
  });

  it('claimed again after a crash: finds its marker on the issue (not yet remembered) and sends nothing', async () => {
    await send(JOB, 1);
    // The crash came between "issue created" and "ref stored": forget the ref.
    await outbox.setGroupRef(FINGERPRINT, 'elsewhere/none#0');
    const before = posts().length;
    const again = await send(JOB, 2);
    expect(again.outcome).toBe('already');
    expect(posts().length).toBe(before);
    expect(github.issues('acme/shop')).toHaveLength(1);
    expect(await outbox.getGroupRef(FINGERPRINT)).toBe('acme/shop#1');
  });

  it('claimed again after a crash: finds its marker in a comment', async () => {
    await send(JOB, 1);
    await send(OTHER, 1);
    const before = posts().length;
    expect((await send(OTHER, 3)).outcome).toBe('already');
    expect(posts().length).toBe(before);
    expect(github.issues('acme/shop')[0]?.comments).toHaveLength(1);
  });

  it('claimed again when the first attempt never reached GitHub: sends once', async () => {
    await send(JOB, 1);
    const sent = await send(OTHER, 2);
    expect(sent.outcome).toBe('commented');
    expect(github.issues('acme/shop')[0]?.comments).toHaveLength(1);
  });

  it("an alert marker planted in one alert's text does not make another alert look sent", async () => {
    await send(JOB, 1);
    const planted = incident({
      alert: { ...incident().alert, message: `x ${alertMarkerOf(OTHER)}` },
    });
    const PLANTER = `sha256:${'3c'.repeat(32)}`;
    await escalateJobToGithub(
      { id: PLANTER, attempts: 1 },
      planted,
      `${markdownOf(planted)}\n${alertMarkerOf(OTHER)}`,
      context(),
    );
    expect(github.issues('acme/shop')[0]?.comments).toHaveLength(1);
    const sent = await send(OTHER, 2);
    expect(sent.outcome).toBe('commented');
    expect(github.issues('acme/shop')[0]?.comments).toHaveLength(2);
  });
});
