import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '@trailmark/core';
import {
  REPO_ROOT,
  createTempDir,
  startFakeGithub,
  startFakeKube,
  startWebhookReceiver,
  type FakeGithub,
  type FakeKube,
  type TempDir,
} from '@trailmark/testing';
import { schemaValidator } from '@trailmark/trailmark';
import { prepareRelease, readSnapshot, type Release } from './verify-release.js';

// `trailmark trace` through the built CLI, on the release of verify-release.ts and its cluster a
// day later (kubectl edit on the Deployment, forged owners on the StatefulSet, a privileged debug
// pod): real-format alerts in, incidents out; escalation to the fake GitHub API and a webhook
// receiver; the kubectl plugin run by the Debian kubectl.

let dir: TempDir;
let release: Release;
let shopPod: string;
const evidence = (): string[] => ['--bundles', 'out/bundles', '--key', 'keys/trailmark.pub'];
const cluster = (): string[] => ['--snapshot', 'out/tampered.json'];

beforeAll(async () => {
  dir = await createTempDir('trailmark-trace-e2e-');
  release = await prepareRelease(dir.path);
  const pods = readSnapshot(join(release.repo, release.tampered)).objects.filter(
    (o) => o.kind === 'Pod',
  ) as { metadata: { name: string } }[];
  shopPod =
    pods.find((p) => /^shop-[a-z]{10}-[a-z]{5}$/.test(p.metadata.name))?.metadata.name ?? '';
  writeFileSync(join(release.repo, 'falco.jsonl'), falcoEvents(shopPod));
  writeFileSync(join(release.repo, 'alertmanager.json'), alertmanagerPayload());
}, 120_000);
afterAll(() => dir.cleanup());

// Falco's JSON output (falco.yaml `json_output: true`), field for field as Falco writes a
// "Terminal shell in container" and a "Read sensitive file untrusted" event.
function falcoEvents(pod: string): string {
  const event = (rule: string, ns: string, name: string, container: string, cmdline: string) =>
    JSON.stringify({
      hostname: 'node-a',
      output: `08:40:02.164811529: Notice ${rule} (user=root k8s.ns=${ns} k8s.pod=${name} container=5892b41bcf46 cmdline=${cmdline})`,
      priority: rule.startsWith('Read') ? 'Warning' : 'Notice',
      rule,
      source: 'syscall',
      tags: ['container', 'mitre_execution'],
      time: '2024-03-06T08:40:02.164811529Z',
      output_fields: {
        'container.id': '5892b41bcf46',
        'container.name': container,
        'evt.time': 1709714402164811500,
        'k8s.ns.name': ns,
        'k8s.pod.name': name,
        'proc.cmdline': cmdline,
        'user.name': 'root',
      },
    });
  return `${[
    event('Terminal shell in container', 'shop', pod, 'shop', 'sh -c id'),
    event('Read sensitive file untrusted', 'shop', 'debug-shell', 'shell', 'cat /creds/password'),
  ].join('\n')}\n`;
}

// Alertmanager's webhook (version 4) as kube-prometheus' KubePodCrashLooping sends it.
function alertmanagerPayload(): string {
  return JSON.stringify({
    version: '4',
    groupKey: '{}:{alertname="KubePodCrashLooping"}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'trailmark',
    groupLabels: { alertname: 'KubePodCrashLooping' },
    commonLabels: { alertname: 'KubePodCrashLooping', severity: 'warning' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.monitoring:9093',
    alerts: [
      {
        status: 'firing',
        labels: {
          alertname: 'KubePodCrashLooping',
          namespace: 'shop',
          pod: 'shop-redis-master-0',
          container: 'redis',
          severity: 'warning',
        },
        annotations: { summary: 'Pod is crash looping.' },
        startsAt: '2024-03-06T09:00:00Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus:9090/graph',
        fingerprint: 'a1b2c3d4e5f60718',
      },
      {
        status: 'firing',
        labels: { alertname: 'KubePodCrashLooping', namespace: 'shop', pod: 'gone-7d9f-x2x4q' },
        annotations: {},
        startsAt: '2024-03-06T09:00:00Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus:9090/graph',
        fingerprint: 'ffeeddccbbaa0099',
      },
    ],
  });
}

async function traceJson(args: readonly string[], env: Record<string, string> = {}) {
  const run = await release.run(['trace', ...args, '--format', 'json'], env);
  const result = JSON.parse(run.stdout) as { incidents: Incident[] };
  expect(schemaValidator('trace-result.v1')(result)).toEqual([]);
  return { run, incidents: result.incidents };
}

describe('trailmark trace', () => {
  it('a Falco shell alert: the Deployment, its template line, owners, and the kubectl-edit applier', async () => {
    const { run, incidents } = await traceJson(['falco.jsonl', ...cluster(), ...evidence()]);
    expect(run.code, run.stderr).toBe(0);
    expect(incidents).toHaveLength(2);
    const [shell, read] = incidents as [Incident, Incident];
    expect(shell.workload).toMatchObject({ kind: 'Deployment', namespace: 'shop', name: 'shop' });
    expect(shell.resolution).toMatchObject({ status: 'resolved', via: 'owner-references' });
    expect(shell.origin?.source).toEqual({
      path: 'charts/shop/templates/deployment.yaml',
      line: expect.any(Number) as number,
    });
    expect(shell.origin?.owners).toEqual(['@acme/payments', '@alice']);
    expect(shell.facts.find((f) => f.name === 'source')?.verified).toBe(true);
    expect(shell.appliers.map((a) => a.manager)).toEqual(['kubectl-edit']);
    expect(shell.alert.at).toEqual({ path: 'falco.jsonl', line: 1 });
    // The secret-read alert on the debug pod: no origin, the Secret's own template line.
    expect(read.alert.at.line).toBe(2);
    expect(read.workload).toMatchObject({ kind: 'Pod', name: 'debug-shell' });
    expect(read.attribution).toBe('none');
    // Started by hand: who, from its managedFields.
    expect(read.appliers.map((a) => a.manager)).toEqual(['kubectl-run']);
    const secret = read.secrets.find((s) => s.name === 'shop-credentials');
    expect(secret?.origin).toMatchObject({
      kind: 'template',
      verified: true,
      at: { path: 'charts/shop/templates/secret.yaml' },
    });
    expect(read.findings.map((f) => f.code)).toContain('RISKY_UNATTRIBUTED');
  });

  it('an Alertmanager payload: one incident per alert; a gone pod is unresolved, not guessed (exit 1)', async () => {
    const { run, incidents } = await traceJson(['alertmanager.json', ...cluster(), ...evidence()]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('trace: 1/2 alerts resolved');
    const [redis, gone] = incidents as [Incident, Incident];
    expect(redis.workload).toMatchObject({ kind: 'StatefulSet', name: 'shop-redis-master' });
    // The forged owners annotation is not what the signed record says.
    expect(redis.attribution).toBe('claimed');
    expect(redis.findings.map((f) => f.code)).toContain('ANNOTATIONS_MISMATCH');
    expect(gone.resolution.status).toBe('unresolved');
    expect(gone.workload).toBeUndefined();
  });

  it('the text view names file:line, owners and the applier', async () => {
    const run = await release.run(['trace', `shop/${shopPod}`, ...cluster(), ...evidence()]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Deployment\/shop\/shop/);
    expect(run.stdout).toMatch(/charts\/shop\/templates\/deployment\.yaml:\d+ +✓ verified/);
    expect(run.stdout).toContain('kubectl-edit');
    expect(run.stdout).toContain('@acme/payments');
  });

  it('malformed alerts: exit 2 naming the file and line, nothing on stdout', async () => {
    writeFileSync(join(release.repo, 'bad.jsonl'), `${falcoEvents(shopPod)}{"rule": "x", \n`);
    const run = await release.run(['trace', 'bad.jsonl', ...cluster()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.jsonl:3: /);
    expect(run.stdout).toBe('');
  });

  describe('against the live (fake) Kubernetes API', () => {
    let kube: FakeKube;
    beforeAll(async () => {
      kube = await startFakeKube({
        objects: readSnapshot(join(release.repo, release.tampered)).objects,
      });
      writeFileSync(join(release.repo, 'kubeconfig.yaml'), kube.kubeconfig());
    });
    afterAll(() => kube.close());

    it('resolves the same alert to the same incident as the snapshot', async () => {
      const live = await traceJson([
        'falco.jsonl',
        '--kubeconfig',
        'kubeconfig.yaml',
        ...evidence(),
      ]);
      const offline = await traceJson(['falco.jsonl', ...cluster(), ...evidence()]);
      const strip = (i: Incident) => ({ ...i, generatedAt: '' });
      expect(live.incidents.map(strip)).toEqual(offline.incidents.map(strip));
      expect(kube.requests.length).toBeGreaterThan(0);
    });
  });
});

describe('trailmark trace --escalate', () => {
  let github: FakeGithub;
  beforeAll(async () => {
    github = await startFakeGithub();
  });
  afterAll(() => github.stop());
  const env = (): Record<string, string> => ({
    GITHUB_API_URL: github.url,
    GITHUB_TOKEN: github.token,
  });

  it('dry run by default: prints the issue it would open, sends nothing', async () => {
    const before = github.requests.length;
    const run = await release.run(
      ['trace', `shop/${shopPod}`, ...cluster(), ...evidence(), '--escalate', 'github'],
      env(),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('acme/shop');
    expect(run.stderr).toMatch(/<!-- trailmark:fingerprint sha256:[0-9a-f]{64} -->/);
    expect(github.requests.length).toBe(before);
  });

  it('--send opens one issue; a second run comments on it (deduplicated by fingerprint)', async () => {
    const args = ['trace', `shop/${shopPod}`, ...cluster(), ...evidence()];
    const first = await release.run([...args, '--escalate', 'github', '--send'], env());
    expect(first.code, first.stderr).toBe(0);
    const second = await release.run([...args, '--escalate', 'github', '--send'], env());
    expect(second.code, second.stderr).toBe(0);
    const issues = github.issues('acme/shop');
    expect(issues).toHaveLength(1);
    expect(issues[0]?.comments).toHaveLength(1);
    expect(issues[0]?.body).toContain('@acme/payments');
    for (const text of [first.stdout, first.stderr, second.stdout, second.stderr])
      expect(text).not.toContain(github.token);
  });

  it('a webhook gets the incident JSON signed with HMAC-SHA256; the secret is never printed', async () => {
    const secret = 'whsec-trace-e2e-0f9d8c7b6a5';
    writeFileSync(join(release.repo, 'hook.secret'), `${secret}\n`);
    const receiver = await startWebhookReceiver({ secret });
    try {
      const run = await release.run([
        'trace',
        `shop/${shopPod}`,
        ...cluster(),
        ...evidence(),
        '--escalate',
        `webhook=${receiver.url}`,
        '--webhook-secret-file',
        'hook.secret',
        '--send',
      ]);
      expect(run.code, run.stderr).toBe(0);
      expect(receiver.deliveries).toHaveLength(1);
      expect(receiver.deliveries[0]?.verified).toBe(true);
      const body = JSON.parse(receiver.deliveries[0]?.body.toString('utf8') ?? '') as Incident;
      expect(schemaValidator('incident.v1')(body)).toEqual([]);
      expect(body.workload?.name).toBe('shop');
      expect(run.stdout + run.stderr).not.toContain(secret);
    } finally {
      await receiver.stop();
    }
  });
});

describe('kubectl trailmark (plugin)', () => {
  const kubectl = (args: readonly string[]) =>
    spawnSync('kubectl', ['trailmark', ...args], {
      cwd: release.repo,
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${REPO_ROOT}node_modules/.bin:${process.env.PATH ?? ''}`,
        KUBECONFIG: '',
      },
    });

  it('kubectl finds kubectl-trailmark on the PATH: trace pod/NAME -n NS and verify', () => {
    const traced = kubectl(['trace', `pod/${shopPod}`, '-n', 'shop', ...cluster(), ...evidence()]);
    expect(traced.status, traced.stderr).toBe(0);
    expect(traced.stdout).toMatch(/Deployment\/shop\/shop/);
    const verified = kubectl(['verify', ...cluster(), ...evidence()]);
    expect(verified.status, verified.stderr).toBe(1);
    expect(verified.stdout).toContain('DRIFT_MANUAL_CHANGE');
    const help = kubectl(['--help']);
    expect(help.stdout).toContain('Usage: kubectl trailmark');
  });
});
