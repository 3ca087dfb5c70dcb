import { describe, expect, it } from 'vitest';
import { alertMarkerOf } from '../../src/serve/alert-marker.js';
import { escalateJobToGithub } from '../../src/serve/github-job.js';
import { FINGERPRINT, incident, markdownOf } from '../escalate-incident.js';
import { useGithubJobHarness } from './github-job-harness.js';

// The exactly-once rules against the fake GitHub API and a real SQLite outbox: the alert marker,
// the remembered issue, and a job claimed again after a crash that finds its own marker.

const JOB = `sha256:${'1a'.repeat(32)}`;
const OTHER = `sha256:${'2b'.repeat(32)}`;
const h = useGithubJobHarness();
const { send } = h;
const posts = () =>
  h.github.requests.filter((request) => request.method === 'POST').map((r) => r.path);

describe('escalateJobToGithub', () => {
  it('opens an issue carrying both markers and remembers it for the fingerprint', async () => {
    const sent = await send(JOB, 1);
    expect(sent.outcome).toBe('created');
    const [issue] = h.github.issues('acme/shop');
    expect(issue?.body).toContain(`<!-- trailmark:fingerprint ${FINGERPRINT} -->`);
    expect(issue?.body.endsWith(alertMarkerOf(JOB))).toBe(true);
    expect(await h.outbox.getGroupRef(FINGERPRINT)).toBe('acme/shop#1');
  });

  it('a later alert comments on the remembered issue without searching', async () => {
    await send(JOB, 1);
    const searchesBefore = h.github.requests.filter((r) => r.path === '/search/issues').length;
    const sent = await send(OTHER, 1);
    expect(sent.outcome).toBe('commented');
    expect(h.github.requests.filter((r) => r.path === '/search/issues').length).toBe(
      searchesBefore,
    );
    expect(h.github.issues('acme/shop')[0]?.comments[0]).toContain(alertMarkerOf(OTHER));
  });

  it('claimed again after a crash: finds its marker on the issue (not yet remembered) and sends nothing', async () => {
    await send(JOB, 1);
    // The crash came between "issue created" and "ref stored": forget the ref.
    await h.outbox.setGroupRef(FINGERPRINT, 'elsewhere/none#0');
    const before = posts().length;
    const again = await send(JOB, 2);
    expect(again.outcome).toBe('already');
    expect(posts().length).toBe(before);
    expect(h.github.issues('acme/shop')).toHaveLength(1);
    expect(await h.outbox.getGroupRef(FINGERPRINT)).toBe('acme/shop#1');
  });

  it('claimed again after a crash: finds its marker in a comment', async () => {
    await send(JOB, 1);
    await send(OTHER, 1);
    const before = posts().length;
    expect((await send(OTHER, 3)).outcome).toBe('already');
    expect(posts().length).toBe(before);
    expect(h.github.issues('acme/shop')[0]?.comments).toHaveLength(1);
  });

  it('claimed again when the first attempt never reached GitHub: sends once', async () => {
    await send(JOB, 1);
    const sent = await send(OTHER, 2);
    expect(sent.outcome).toBe('commented');
    expect(h.github.issues('acme/shop')[0]?.comments).toHaveLength(1);
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
      h.context(),
    );
    expect(h.github.issues('acme/shop')[0]?.comments).toHaveLength(1);
    const sent = await send(OTHER, 2);
    expect(sent.outcome).toBe('commented');
    expect(h.github.issues('acme/shop')[0]?.comments).toHaveLength(2);
  });
});
