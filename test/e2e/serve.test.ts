import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDir, startFakeGithub, type FakeGithub, type TempDir } from '@trailmark/testing';
import {
  eventually,
  postAlerts,
  startServe,
  type ServeProcess,
  releaseServeArgs,
} from './serve-process.js';
import { prepareRelease, readSnapshot, type Release } from './verify-release.js';

// `trailmark serve` through the built CLI: the example release's snapshot and bundles, the
// SQLite outbox, escalation to the fake GitHub API. Alerts are Falco's JSON output as
// falcosidekick and Falco's http_output POST it.

const TOKEN = 'serve-token-7f3e9a1c5b';
let dir: TempDir;
let release: Release;
let github: FakeGithub;
let server: ServeProcess;
let shopPod: string;
const auth = { authorization: `Bearer ${TOKEN}` };

function falco(uuid: string, rule = 'Terminal shell in container', pod = shopPod): string {
  return JSON.stringify({
    uuid,
    hostname: 'node-a',
    output: `08:40:02.164811529: Notice ${rule} (user=root k8s.ns=shop k8s.pod=${pod})`,
    priority: 'Notice',
    rule,
    source: 'syscall',
    tags: ['container'],
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
}

const commonArgs = (): string[] => [
  ...releaseServeArgs(release, 'serve-token'),
  '--escalate',
  'github',
];

beforeAll(async () => {
  dir = await createTempDir('trailmark-serve-e2e-');
  release = await prepareRelease(dir.path);
  const pods = readSnapshot(join(release.repo, release.tampered)).objects.filter(
    (o) => o.kind === 'Pod',
  ) as { metadata: { name: string } }[];
  shopPod =
    pods.find((p) => /^shop-[a-z]{10}-[a-z]{5}$/.test(p.metadata.name))?.metadata.name ?? '';
  writeFileSync(join(release.repo, 'serve-token'), `${TOKEN}\n`);
  github = await startFakeGithub();
  server = await startServe(
    [...commonArgs(), '--store', 'sqlite:serve.db', '--max-body', '4096'],
    release.repo,
    { GITHUB_TOKEN: github.token, GITHUB_API_URL: github.url },
  );
}, 180_000);

afterAll(async () => {
  if (server.child.exitCode === null) await server.stop('SIGKILL');
  await github.stop();
  await dir.cleanup();
});

describe('trailmark serve: requests', () => {
  it('probes: /healthz, /readyz', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, view: 'synced', store: 'ok' });
  });

  it('401 without or with a wrong bearer token', async () => {
    expect((await postAlerts(server.url, falco('u-401'), {})).status).toBe(401);
    const wrong = await postAlerts(server.url, falco('u-401'), { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
  });

  it('400 for malformed JSON, naming the line', async () => {
    const answer = await postAlerts(server.url, `${falco('u-400')}\n{"rule": `, auth);
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatch(/^<request>:2: /);
  });

  it('413 for a body over --max-body', async () => {
    const big = falco('u-413').replace('"tags":["container"]', `"tags":["${'x'.repeat(5000)}"]`);
    expect((await postAlerts(server.url, big, auth)).status).toBe(413);
  });

  it('415 for a body that is not JSON, or JSON of no known format', async () => {
    const text = await postAlerts(server.url, 'shop/pod', {
      ...auth,
      'content-type': 'text/plain',
    });
    expect(text.status).toBe(415);
    const unknown = await postAlerts(server.url, '{"hello":"world"}', auth);
    expect(unknown.status).toBe(415);
    expect(unknown.json.error).toMatch(/^<request>:1: not an alert of a known format/);
  });
});

describe('trailmark serve: escalation', () => {
  it('one issue per fingerprint, a comment per further alert; a retry is a duplicate', async () => {
    const first = await postAlerts(server.url, `${falco('u-1')}\n${falco('u-2')}\n`, auth);
    expect(first).toMatchObject({ status: 202, json: { accepted: 2, duplicates: 0 } });
    const retry = await postAlerts(server.url, `${falco('u-1')}\n${falco('u-2')}\n`, auth);
    expect(retry).toMatchObject({ status: 202, json: { accepted: 0, duplicates: 2 } });
    await eventually(() => (github.issues('acme/shop')[0]?.comments.length ?? 0) >= 1);
    const third = await postAlerts(server.url, falco('u-3'), auth);
    expect(third.json).toEqual({ accepted: 1, duplicates: 0 });
    await eventually(() => (github.issues('acme/shop')[0]?.comments.length ?? 0) >= 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const issues = github.issues('acme/shop');
    expect(issues).toHaveLength(1);
    expect(issues[0]?.comments).toHaveLength(2);
    const bodies = [issues[0]?.body ?? '', ...(issues[0]?.comments ?? [])];
    const markers = bodies.map(
      (body) => /<!-- trailmark:alert (sha256:[0-9a-f]{64}) -->/.exec(body)?.[1],
    );
    expect(new Set(markers).size).toBe(3);
    expect(bodies.every((body) => body.includes('<!-- trailmark:fingerprint sha256:'))).toBe(true);
  });

  it('GitHub answering 500 then 429 with retry-after: the issue arrives once, after the wait', async () => {
    const rule = 'Read sensitive file untrusted';
    github.failNext(500, 1, { method: 'POST', path: '/repos/acme/shop/issues' });
    github.failNext(429, 1, {
      method: 'POST',
      path: '/repos/acme/shop/issues',
      headers: { 'retry-after': '2' },
    });
    const started = Date.now();
    const answer = await postAlerts(server.url, falco('u-rl', rule), auth);
    expect(answer.status).toBe(202);
    const mine = () => github.issues('acme/shop').filter((issue) => issue.title.startsWith(rule));
    await eventually(() => mine().length > 0, 30_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(mine()).toHaveLength(1);
    expect(mine()[0]?.comments).toHaveLength(0);
    const posts = github.requests.filter(
      (request) => request.method === 'POST' && request.path === '/repos/acme/shop/issues',
    );
    expect(posts.length).toBeGreaterThanOrEqual(3);
  });

  it('/metrics counts what happened', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/^trailmark_serve_alerts_accepted_total 4$/m);
    expect(text).toMatch(/^trailmark_serve_alerts_duplicate_total 2$/m);
    expect(text).toMatch(/^trailmark_serve_requests_rejected_total\{reason="unauthorized"\} 2$/m);
    expect(text).toMatch(/^trailmark_serve_requests_rejected_total\{reason="too_large"\} 1$/m);
    expect(text).toMatch(/^trailmark_serve_escalations_total\{target="github",outcome="ok"\} 4$/m);
    expect(text).toMatch(/^trailmark_serve_queue_depth 0$/m);
    expect(text).toMatch(
      /^trailmark_serve_request_duration_seconds_count\{route="\/v1\/alerts",status="202"\} \d+$/m,
    );
  });

  it('SIGTERM drains and exits 0; --status shows the outbox; no secret in any output', async () => {
    const accepted = await postAlerts(server.url, falco('u-last'), auth);
    expect(accepted.status).toBe(202);
    const code = await server.stop('SIGTERM');
    expect(code, server.stderr()).toBe(0);
    expect(server.stderr()).toContain('trailmark: serve: stopped');
    const status = await release.run(['serve', '--status', '--store', 'sqlite:serve.db']);
    expect(status.code, status.stderr).toBe(0);
    // A job claimed before SIGTERM is finished; one not yet claimed stays pending, stored.
    const count = (name: string): number =>
      Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(status.stdout)?.[1] ?? NaN);
    expect(count('in flight')).toBe(0);
    expect(count('pending') + count('done')).toBe(5);
    expect(count('done')).toBeGreaterThanOrEqual(4);
    expect(count('dead letters')).toBe(0);
    for (const text of [server.stderr(), server.stdout(), status.stdout, status.stderr]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(github.token);
    }
  });
});

describe('trailmark serve: settings and exit codes', () => {
  it('a bad value in --config: exit 2 naming the file and line, nothing listens', async () => {
    writeFileSync(join(release.repo, 'serve.yaml'), 'tokenFile: serve-token\n\nqueueSize: -3\n');
    const run = await release.run(['serve', '--config', 'serve.yaml', '--listen', '127.0.0.1:0']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('serve.yaml:3: /queueSize must be >= 1');
    expect(run.stderr).not.toContain('listening');
  });

  it('TRAILMARK_SERVE_* is read and validated too', async () => {
    const run = await release.run(['serve', '--token-file', 'serve-token'], {
      TRAILMARK_SERVE_LISTEN: 'nowhere',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/TRAILMARK_SERVE_\*\) sets \/listen must match pattern/);
  });

  it('--status of a store that does not answer: exit 3, no password shown', async () => {
    const run = await release.run([
      'serve',
      '--status',
      '--store',
      'postgres://trailmark:hunter2-pw@127.0.0.1:1/trailmark',
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).not.toContain('hunter2-pw');
  });

  it('--help names the flags, the environment and the exit codes', async () => {
    const run = await release.run(['serve', '--help']);
    expect(run.code).toBe(0);
    for (const flag of [
      '--token-file',
      '--hmac-secret-file',
      '--store',
      '--queue-size',
      '--retain-done',
      '--status',
    ])
      expect(run.stdout).toContain(flag);
    expect(run.stdout).toContain('TRAILMARK_SERVE_');
    expect(run.stdout).toMatch(/Exit: 0 .*2 .*3 /);
  });
});
