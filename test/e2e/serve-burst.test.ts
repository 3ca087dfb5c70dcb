import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDir, type TempDir } from '@trailmark/testing';
import { postAlerts, startServe, type ServeProcess, releaseServeArgs } from './serve-process.js';
import { prepareRelease, readSnapshot, type Release } from './verify-release.js';

// A 10,000-alert burst from 64 concurrent senders against `--queue-size 32` (the built CLI, the
// SQLite outbox, accept only): every answer is 202 or 429 with retry-after; senders that retry
// after a 429 get every alert in; the store then holds exactly one job per alert (a 429 kept
// nothing: no retry is a duplicate); the server's peak RSS stays under a bound; and bad requests
// sent meanwhile still get 400/401/413/415.

const TOKEN = 'burst-token-91c2e';
const ALERTS = 10_000;
const SENDERS = 64;
const QUEUE_SIZE = 32;
const MAX_BODY = 65_536;
/** The bound on the server's peak RSS (VmHWM): its RSS once ready plus this many MiB. */
// Measured: 105 MiB once ready, a peak of 157 MiB after the burst.
const RSS_GROWTH_MIB = 120;

let dir: TempDir;
let release: Release;
let server: ServeProcess;
let pod: string;
const auth = { authorization: `Bearer ${TOKEN}` };

// Falco's JSON output as falcosidekick posts it (one alert per request), each with its own uuid.
const falco = (n: number): string =>
  JSON.stringify({
    uuid: `b0000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
    hostname: 'node-a',
    output: `08:40:02.164811529: Notice A shell was spawned (user=root k8s.ns=shop k8s.pod=${pod} n=${String(n)})`,
    priority: 'Notice',
    rule: n % 2 === 0 ? 'Terminal shell in container' : 'Read sensitive file untrusted',
    source: 'syscall',
    tags: ['container', 'shell'],
    time: '2024-03-06T08:40:02.164811529Z',
    output_fields: {
      'container.id': '5892b41bcf46',
      'container.name': 'shop',
      'k8s.ns.name': 'shop',
      'k8s.pod.name': pod,
      'proc.cmdline': 'sh -c id',
      'user.name': 'root',
    },
  });

// An Alertmanager webhook v4 payload in the shape of prometheus-msteams' captured request (the
// trace fixture), with `count` alerts on the shop pod, each with its own fingerprint.
const alertmanager = (first: number, count: number): string => {
  const template = JSON.parse(
    readFileSync(
      new URL(
        '../../packages/trace/test/fixtures/alerts/alertmanager/prom_post_request.json',
        import.meta.url,
      ),
      'utf8',
    ),
  ) as { alerts: Record<string, unknown>[] };
  const [alert] = template.alerts;
  const alerts = Array.from({ length: count }, (_, i) => ({
    ...alert,
    labels: { alertname: 'KubePodCrashLooping', namespace: 'shop', pod, severity: 'warning' },
    fingerprint: (first + i).toString(16).padStart(16, '0'),
  }));
  return JSON.stringify({ ...template, alerts });
};

/** The burst's requests: 4,000 falcosidekick posts, then 600 Alertmanager payloads of 10 alerts. */
function requests(): { body: string; alerts: number }[] {
  const out: { body: string; alerts: number }[] = [];
  for (let n = 0; n < 4000; n++) out.push({ body: falco(n), alerts: 1 });
  for (let n = 0; n < 6000; n += 10) out.push({ body: alertmanager(n, 10), alerts: 10 });
  return out;
}

const memory = (pid: number): { rss: number; hwm: number } => {
  const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
  const kib = (key: string): number =>
    Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return { rss: kib('VmRSS') / 1024, hwm: kib('VmHWM') / 1024 };
};

beforeAll(async () => {
  dir = await createTempDir('trailmark-serve-burst-');
  release = await prepareRelease(dir.path);
  const pods = readSnapshot(join(release.repo, release.tampered)).objects.filter(
    (o) => o.kind === 'Pod',
  ) as { metadata: { name: string } }[];
  pod = pods.find((p) => /^shop-[a-z]{10}-[a-z]{5}$/.test(p.metadata.name))?.metadata.name ?? '';
  writeFileSync(join(release.repo, 'token'), `${TOKEN}\n`);
  server = await startServe(
    [
      ...releaseServeArgs(release),
      '--store',
      'sqlite:burst.db',
      '--queue-size',
      String(QUEUE_SIZE),
      '--max-body',
      String(MAX_BODY),
      '--workers',
      '0',
    ],
    release.repo,
    {},
  );
}, 180_000);

afterAll(async () => {
  if (server.child.exitCode === null) await server.stop('SIGKILL');
  await dir.cleanup();
});

/** Posts `body` until it is answered with something other than 429; every 429 must say when to retry. */
async function untilAnswered(
  body: string,
  headers: Record<string, string>,
  refusals: { count: number; withoutRetryAfter: number },
) {
  for (;;) {
    const answer = await postAlerts(server.url, body, headers);
    if (answer.status !== 429) return answer;
    refusals.count += 1;
    if (!(Number(answer.headers.get('retry-after')) >= 1)) refusals.withoutRetryAfter += 1;
    await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40));
  }
}

describe('trailmark serve: a 10,000-alert burst against a small queue', () => {
  it('answers 202 or 429, keeps one job per alert, bounded memory; bad requests keep their codes', async () => {
    const pid = server.child.pid ?? 0;
    const before = memory(pid);
    const queue = requests();
    expect(queue.reduce((sum, r) => sum + r.alerts, 0)).toBe(ALERTS);
    const refusals = { count: 0, withoutRetryAfter: 0 };
    const totals = { accepted: 0, duplicates: 0, other: [] as number[] };
    const sender = async (): Promise<void> => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        const answer = await untilAnswered(next.body, auth, refusals);
        if (answer.status !== 202) totals.other.push(answer.status);
        totals.accepted += Number(answer.json.accepted);
        totals.duplicates += Number(answer.json.duplicates);
      }
    };
    // Bad requests sent while the burst runs: each, retried past any 429, gets its own answer.
    const bad = async (): Promise<number[]> => {
      const statuses: number[] = [];
      for (let round = 0; round < 5; round++) {
        const answers = [
          await untilAnswered(`${falco(90_000 + round)}\n{"rule": `, auth, refusals),
          await postAlerts(server.url, falco(91_000 + round), { authorization: 'Bearer wrong' }),
          await untilAnswered(`{"tags":"${'x'.repeat(MAX_BODY)}"}`, auth, refusals),
          await untilAnswered('{"hello":"world"}', auth, refusals),
          await untilAnswered('shop/pod', { ...auth, 'content-type': 'text/plain' }, refusals),
        ];
        statuses.push(...answers.map((answer) => answer.status));
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      return statuses;
    };
    const [badStatuses] = await Promise.all([
      bad(),
      ...Array.from({ length: SENDERS }, () => sender()),
    ]);

    expect(totals.other).toEqual([]);
    expect(refusals.count).toBeGreaterThan(0);
    expect(refusals.withoutRetryAfter).toBe(0);
    // A 429 kept nothing (no retry found its alerts stored) and every alert got in once.
    expect(totals).toMatchObject({ accepted: ALERTS, duplicates: 0 });
    expect(badStatuses).toEqual(Array.from({ length: 5 }, () => [400, 401, 413, 415, 415]).flat());

    const after = memory(pid);
    expect(after.hwm, `RSS ${before.rss.toFixed(0)} MiB when ready`).toBeLessThan(
      before.rss + RSS_GROWTH_MIB,
    );
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const retry = await postAlerts(server.url, `${falco(7)}\n${falco(3999)}\n`, auth);
    expect(retry).toMatchObject({ status: 202, json: { accepted: 0, duplicates: 2 } });
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(
      /^trailmark_serve_requests_rejected_total\{reason="queue_full"\} [1-9]/m,
    );
    expect(metrics).toMatch(
      new RegExp(`^trailmark_serve_alerts_accepted_total ${String(ALERTS)}$`, 'm'),
    );

    expect(await server.stop('SIGTERM'), server.stderr()).toBe(0);
    const status = await release.run(['serve', '--status', '--store', 'sqlite:burst.db']);
    expect(status.stdout).toMatch(new RegExp(`^pending: ${String(ALERTS)}$`, 'm'));
    expect(status.stdout).toMatch(/^in flight: 0$/m);
  }, 300_000);
});
