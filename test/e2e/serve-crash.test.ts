import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex, toCanonicalJson } from '@trailmark/core';
import { createTempDir, startFakeGithub, type FakeGithub, type TempDir } from '@trailmark/testing';
import { eventually, postAlerts, startServe, type ServeProcess } from './serve-process.js';
import { prepareRelease, readSnapshot, type Release } from './verify-release.js';

// SIGKILL during a 2,000-alert burst, then a restart on the same SQLite outbox: every alert that
// got a 202 is escalated exactly once — counted by the per-alert markers on the fake GitHub API's
// issues and comments. Alerts in requests cut off by the kill may or may not have been committed;
// each that was is escalated once too, and none twice.

const TOKEN = 'crash-token-5e1d';
const ALERTS = 2000;
const PER_REQUEST = 20;
let dir: TempDir;
let release: Release;
let github: FakeGithub;
let pod: string;
const auth = { authorization: `Bearer ${TOKEN}` };
const RULES = [
  'Terminal shell in container',
  'Read sensitive file untrusted',
  'Launch Package Management Process in Container',
];

const falco = (n: number): string =>
  JSON.stringify({
    uuid: `crash-${String(n)}`,
    rule: RULES[n % RULES.length],
    priority: 'Notice',
    output: `event ${String(n)}`,
    source: 'syscall',
    time: '2024-03-06T08:40:02.164811529Z',
    output_fields: { 'k8s.ns.name': 'shop', 'k8s.pod.name': pod, 'container.name': 'shop' },
  });
// The job id serve gives an alert with a producer id: sha256 over its format and that id (a Falco
// event with a uuid reads as falcosidekick's payload, as the parser detects it).
const jobIdOf = (n: number): string =>
  `sha256:${sha256Hex(toCanonicalJson({ format: 'falcosidekick', id: `crash-${String(n)}` }))}`;

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
      '--token-file',
      'token',
      '--snapshot',
      release.tampered,
      '--bundles',
      release.bundles,
      '--key',
      release.publicKey,
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

/** Every alert marker on the fake, with how often it appears. */
function markers(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const issue of github.issues('acme/shop'))
    for (const text of [issue.body, ...issue.comments])
      for (const match of text.matchAll(/<!-- trailmark:alert (sha256:[0-9a-f]{64}) -->/g))
        counts.set(match[1] ?? '', (counts.get(match[1] ?? '') ?? 0) + 1);
  return counts;
}

describe('trailmark serve: SIGKILL during a burst', () => {
  it('every 2xx-answered alert is escalated exactly once after a restart', async () => {
    const first = await start();
    const acked = new Set<number>();
    const tried = new Set<number>();
    let next = 0;
    let killed = false;
    const sender = async (): Promise<void> => {
      while (next < ALERTS) {
        const from = next;
        next += PER_REQUEST;
        const numbers = Array.from({ length: PER_REQUEST }, (_, i) => from + i);
        for (const n of numbers) tried.add(n);
        const body = numbers.map(falco).join('\n');
        const answer = await postAlerts(first.url, body, auth).catch(() => undefined);
        if (answer?.status === 202) for (const n of numbers) acked.add(n);
        if (!killed && acked.size >= ALERTS / 2) {
          killed = true;
          await first.stop('SIGKILL');
        }
      }
    };
    await Promise.all([sender(), sender(), sender(), sender()]);
    expect(killed).toBe(true);
    expect(acked.size).toBeGreaterThanOrEqual(ALERTS / 2);
    expect(acked.size).toBeLessThan(ALERTS);

    const second = await start();
    // Counting first: scanning every body is work for this process, which also serves the fake.
    const posted = (): number =>
      github.issues('acme/shop').reduce((sum, issue) => sum + 1 + issue.comments.length, 0);
    await eventually(() => posted() >= acked.size, 120_000, 1000);
    await eventually(() => [...acked].every((n) => markers().has(jobIdOf(n))), 60_000, 1000);
    // Let anything still in flight land before counting duplicates.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await second.stop('SIGTERM')).toBe(0);
    const seen = markers();
    const missing = [...acked].filter((n) => !seen.has(jobIdOf(n)));
    const twice = [...seen].filter(([, count]) => count > 1);
    expect(missing).toEqual([]);
    expect(twice).toEqual([]);
    const known = new Set([...tried].map(jobIdOf));
    expect([...seen.keys()].every((id) => known.has(id))).toBe(true);
    const status = await release.run(['serve', '--status', '--store', 'sqlite:crash.db']);
    expect(status.stdout).toMatch(/^pending: 0$/m);
    expect(status.stdout).toMatch(/^dead letters: 0$/m);
  }, 300_000);
});
