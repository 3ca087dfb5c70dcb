import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTempDir,
  startFakeGithub,
  startPostgres,
  type FakeGithub,
  type TempDir,
  type TestPostgres,
} from '@trailmark/testing';
import {
  BURST_RULES,
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

// Two `trailmark serve` replicas on one real PostgreSQL outbox, a 2,000-alert burst spread over
// both (a request a replica does not answer is sent to the other, as a load balancer would), and
// one replica SIGKILLed mid-burst. The survivor takes over the dead replica's leased jobs once
// their leases (5 s: short, yet longer than a write to the fake takes on a loaded machine) expire: every alert that got a 202 is escalated exactly once — counted by the
// per-alert markers on the fake GitHub API — and each fingerprint has one issue.

const TOKEN = 'crash-pg-token-41c7';
const ALERTS = 2000;
const PREFIX = 'crash-pg';
const REPO = 'acme/shop';
let dir: TempDir;
let release: Release;
let github: FakeGithub;
let postgres: TestPostgres;
let store: string;
let pod: string;
const replicas: ServeProcess[] = [];
const auth = { authorization: `Bearer ${TOKEN}` };
const jobIdOf = (n: number): string => burstJobId(PREFIX, n);
// Twelve fingerprints, so every worker of both replicas has a job in hand during the burst.
const RULES = Array.from({ length: 12 }, (_, k) => `${BURST_RULES[k % 3] ?? ''} #${String(k)}`);

/** Runs one query on the outbox's database with Debian's psql; rows as lines. */
function sql(query: string): string[] {
  const root = '/usr/lib/postgresql';
  const version = readdirSync(root).find((v) => existsSync(join(root, v, 'bin', 'psql')));
  const psql = join(root, version ?? '', 'bin', 'psql');
  const out = execFileSync(psql, [store, '-At', '-c', query], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line !== '');
}

beforeAll(async () => {
  dir = await createTempDir('trailmark-serve-crash-pg-');
  [release, postgres] = await Promise.all([prepareRelease(dir.path), startPostgres()]);
  store = await postgres.createDatabase('serve_crash');
  const pods = readSnapshot(join(release.repo, release.tampered)).objects.filter(
    (o) => o.kind === 'Pod',
  ) as { metadata: { name: string } }[];
  pod = pods.find((p) => /^shop-[a-z]{10}-[a-z]{5}$/.test(p.metadata.name))?.metadata.name ?? '';
  writeFileSync(join(release.repo, 'token'), TOKEN);
  github = await startFakeGithub();
}, 180_000);
afterAll(async () => {
  for (const replica of replicas)
    if (replica.child.exitCode === null) await replica.stop('SIGKILL');
  await github.stop();
  await postgres.stop();
  await dir.cleanup();
});

// The store URL (with its password) comes from the environment, as in a pod.
const start = (): Promise<ServeProcess> =>
  startServe(
    [...releaseServeArgs(release), '--escalate', 'github', '--lease-ms', '5000', '--workers', '2'],
    release.repo,
    { GITHUB_TOKEN: github.token, GITHUB_API_URL: github.url, TRAILMARK_STORE_URL: store },
  );

describe('trailmark serve on PostgreSQL: two replicas, one SIGKILLed during a burst', () => {
  it('the survivor takes over; every 2xx-answered alert is escalated exactly once', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    replicas.push(a, b);
    let killedAt = -1;
    let heldByB: string[] = [];
    const burst = await sendBurst({
      urls: () => [a.url, b.url],
      alerts: ALERTS,
      perRequest: 20,
      senders: 4,
      tries: 2,
      body: (n) => burstAlert(PREFIX, n, pod, RULES),
      headers: auth,
      afterAnswer: async (acked) => {
        if (killedAt >= 0 || acked.size < ALERTS / 2) return;
        // Jobs leased to B's owner id (host/pid/…): they stay leased after its death until they expire.
        const held = (): string[] =>
          sql(
            `SELECT id FROM trailmark.jobs WHERE state = 'inflight' AND lease_owner LIKE '%/${String(b.child.pid)}/%'`,
          );
        // Kill B while it holds work (A's batch claims can leave B idle for a moment), up to 90 %.
        if (held().length === 0 && acked.size < ALERTS * 0.9) return;
        killedAt = acked.size;
        await b.stop('SIGKILL');
        heldByB = held();
      },
    });
    expect(killedAt).toBeGreaterThanOrEqual(ALERTS / 2);
    // Both replicas answered before the kill; with the failover, every request was answered.
    expect(burst.ackedBy.get(a.url)).toBeGreaterThan(10);
    expect(burst.ackedBy.get(b.url)).toBeGreaterThan(10);
    expect(burst.acked.size).toBe(ALERTS);

    await eventually(() => postedCount(github, REPO) >= ALERTS, 180_000, 1000);
    await eventually(
      () => [...burst.acked].every((n) => alertMarkers(github, REPO).has(jobIdOf(n))),
      60_000,
      1000,
    );
    // Let anything still in flight land before counting duplicates.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await a.stop('SIGTERM')).toBe(0);
    const verdict = exactlyOnce(alertMarkers(github, REPO), burst, jobIdOf);
    expect(verdict).toEqual({ missing: [], twice: [], unknown: [] });
    expect(postedCount(github, REPO)).toBe(ALERTS);
    expect(fingerprintsWithSeveralIssues(github, REPO)).toEqual([]);
    expect(github.issues(REPO)).toHaveLength(RULES.length);
    // The survivor finished every job the dead replica held (a second claim, after the lease).
    expect(heldByB.length).toBeGreaterThan(0);
    const ids = heldByB.map((id) => `'${id}'`).join(',');
    const after = sql(`SELECT state, attempts > 1 FROM trailmark.jobs WHERE id IN (${ids})`);
    expect(after).toEqual(heldByB.map(() => 'done|t'));
    const status = await release.run(['serve', '--status'], { TRAILMARK_STORE_URL: store });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^pending: 0$/m);
    expect(status.stdout).toMatch(/^in flight: 0$/m);
    expect(status.stdout).toMatch(new RegExp(`^done: ${String(ALERTS)}$`, 'm'));
    expect(status.stdout).toMatch(/^dead letters: 0$/m);
    for (const text of [a.stderr(), b.stderr(), status.stdout, status.stderr])
      expect(text).not.toContain(store);
  }, 420_000);
});
