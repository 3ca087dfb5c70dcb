import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDir, startFakeGithub, type FakeGithub, type TempDir } from '@trailmark/testing';
import {
  alertMarkers,
  burstAlert,
  burstJobId,
  exactlyOnce,
  fingerprintsWithSeveralIssues,
  postedCount,
  sendBurst,
} from './lib/serve-burst.js';
import { eventually, startServe, type ServeProcess, releaseServeArgs } from './serve-process.js';
import { prepareRelease, readSnapshot, type Release } from './verify-release.js';

// SIGKILL during a 2,000-alert burst, then a restart on the same SQLite outbox: every alert that
// got a 202 is escalated exactly once — counted by the per-alert markers on the fake GitHub API's
// issues and comments. Alerts in requests cut off by the kill may or may not have been committed;
// each that was is escalated once too, and none twice.

const TOKEN = 'crash-token-5e1d';
const ALERTS = 2000;
const PREFIX = 'crash';
let dir: TempDir;
let release: Release;
let github: FakeGithub;
let pod: string;
const auth = { authorization: `Bearer ${TOKEN}` };
const jobIdOf = (n: number): string => burstJobId(PREFIX, n);

beforeAll(async () => {
  dir = await createTempDir('trailmark-serve-crash-');
  release = await prepareRelease(dir.path);
  const pods = readSnapshot(join(release.repo, release.tampered)).objects.filter(
    (o) => o.kind === 'Pod',
  ) as { metadata: { name: string } }[];
  pod = pods.find((p) => /^shop-[a-z]{10}-[a-z]{5}$/.test(p.metadata.name))?.metadata.name ?? '';
  writeFileSync(join(release.repo, 'token'), TOKEN);
  github = await startFakeGithub();
}, 180_000);
afterAll(async () => {
  await github.stop();
  await dir.cleanup();
});

const start = (): Promise<ServeProcess> =>
  startServe(
    [
      ...releaseServeArgs(release),
      '--escalate',
      'github',
      '--store',
      'sqlite:crash.db',
      '--lease-ms',
      '2000',
      '--workers',
      '2',
    ],
    release.repo,
    { GITHUB_TOKEN: github.token, GITHUB_API_URL: github.url },
  );

describe('trailmark serve: SIGKILL during a burst', () => {
  it('every 2xx-answered alert is escalated exactly once after a restart', async () => {
    const first = await start();
    let killed = false;
    const burst = await sendBurst({
      urls: () => [first.url],
      alerts: ALERTS,
      perRequest: 20,
      senders: 4,
      body: (n) => burstAlert(PREFIX, n, pod),
      headers: auth,
      afterAnswer: async (acked) => {
        if (killed || acked.size < ALERTS / 2) return;
        killed = true;
        await first.stop('SIGKILL');
      },
    });
    const { acked } = burst;
    expect(killed).toBe(true);
    expect(acked.size).toBeGreaterThanOrEqual(ALERTS / 2);
    expect(acked.size).toBeLessThan(ALERTS);

    const second = await start();
    // Counting first: scanning every body is work for this process, which also serves the fake.
    await eventually(() => postedCount(github, 'acme/shop') >= acked.size, 120_000, 1000);
    await eventually(
      () => [...acked].every((n) => alertMarkers(github, 'acme/shop').has(jobIdOf(n))),
      60_000,
      1000,
    );
    // Let anything still in flight land before counting duplicates.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await second.stop('SIGTERM')).toBe(0);
    const verdict = exactlyOnce(alertMarkers(github, 'acme/shop'), burst, jobIdOf);
    expect(verdict).toEqual({ missing: [], twice: [], unknown: [] });
    expect(fingerprintsWithSeveralIssues(github, 'acme/shop')).toEqual([]);
    const status = await release.run(['serve', '--status', '--store', 'sqlite:crash.db']);
    expect(status.stdout).toMatch(/^pending: 0$/m);
    expect(status.stdout).toMatch(/^dead letters: 0$/m);
  }, 300_000);
});
