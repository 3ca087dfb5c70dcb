import { execFile } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerifyReport } from '@trailmark/core';
import { schemaValidator } from '@trailmark/trailmark';
import { createTempDir, startFakeKube, type FakeKube, type TempDir } from '@trailmark/testing';
import { prepareRelease, readSnapshot, verdictLines, type Release } from './verify-release.js';

// Where the cluster comes from: a `trailmark snapshot` file taken from the fake Kubernetes API,
// the fake API itself (TLS with a test CA, bearer token), and `kubectl get … -o json` output
// written by the real kubectl against the same fake. All must reach the same verdict.
const PLANTED = 'e2e-verify-planted-secret-7d1f';
const KUBECTL = '/usr/bin/kubectl';

describe('trailmark verify: the cluster from a snapshot, a live API and kubectl output', () => {
  let dir: TempDir;
  let release: Release;
  let fake: FakeKube;
  let expected: string[];
  beforeAll(async () => {
    dir = await createTempDir('trailmark-verify-cluster-');
    release = await prepareRelease(dir.path);
    const tampered = readSnapshot(join(release.repo, release.tampered));
    fake = await startFakeKube({ objects: tampered.objects });
    // The Secret the debug pod mounts, with its value, as the API server holds it.
    fake.add({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      metadata: { name: 'shop-credentials', namespace: 'shop' },
      data: { password: Buffer.from(PLANTED).toString('base64') },
    });
    writeFileSync(join(release.repo, 'kubeconfig.yaml'), fake.kubeconfig());
    const direct = await verifyJson(['--snapshot', release.tampered]);
    expect(direct.code).toBe(1);
    expected = verdictLines(direct.report);
  }, 120_000);
  afterAll(async () => {
    await fake.close();
    await dir.cleanup();
  });

  const evidence = (): string[] => ['--bundles', release.bundles, '--key', release.publicKey];
  async function verifyJson(
    args: string[],
  ): Promise<{ code: number | null; report: VerifyReport; stderr: string }> {
    const result = await release.run(['verify', ...args, ...evidence(), '--format', 'json']);
    expect(result.stdout, result.stderr).not.toBe('');
    const report = JSON.parse(result.stdout) as VerifyReport;
    expect(schemaValidator('verify-report.v1')(report)).toEqual([]);
    return { code: result.code, report, stderr: result.stderr };
  }

  it('the example cluster has what the tests below expect', () => {
    expect(expected).toEqual([
      'CronJob/shop/shop-cart-cleanup verified []',
      'DaemonSet/shop/shop-metrics-exporter verified []',
      'Deployment/shop/shop claimed [DRIFT_MANUAL_CHANGE,RISKY_UNATTRIBUTED!]',
      'Pod/shop/debug-shell none [MISSING_PROVENANCE,RISKY_UNATTRIBUTED!,UNATTESTED_IMAGE]',
      'StatefulSet/shop/shop-redis-master claimed [ANNOTATIONS_MISMATCH]',
    ]);
  });

  it('a `trailmark snapshot` of the fake API gives the same verdict, without the Secret value', async () => {
    const snap = await release.run([
      'snapshot',
      '--kubeconfig',
      'kubeconfig.yaml',
      '-o',
      'out/live.json',
    ]);
    expect(snap.code, snap.stderr).toBe(0);
    const result = await verifyJson(['--snapshot', 'out/live.json']);
    expect(result.code).toBe(1);
    expect(verdictLines(result.report)).toEqual(expected);
    expect(result.report.cluster.kind).toBe('snapshot');
  });

  it('--kubeconfig reads the live fake API (TLS, bearer token) and reaches the same verdict', async () => {
    const before = fake.requests.length;
    const result = await verifyJson(['--kubeconfig', 'kubeconfig.yaml']);
    expect(result.code, result.stderr).toBe(1);
    expect(verdictLines(result.report)).toEqual(expected);
    const requests = fake.requests.slice(before);
    expect(requests.every((request) => request.authenticated)).toBe(true);
    expect(requests.map((request) => request.path)).toContain('/api/v1/pods');
    expect(requests.every((request) => request.method === 'GET')).toBe(true);
  });

  it('exits 3 naming the resource when the API server forbids listing it', async () => {
    fake.fail('/apis/apps/v1/replicasets', { status: 403 });
    const result = await release.run(['verify', '--kubeconfig', 'kubeconfig.yaml', ...evidence()]);
    fake.clearFailures();
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('forbids list replicasets (HTTP 403)');
    expect(result.stderr).toContain('resources [replicasets] in apiGroups ["apps"]');
  });

  it('accepts `kubectl get pods,replicasets,deployments -A -o json` from the real kubectl', async () => {
    const kubectl = async (file: string, extra: string[]): Promise<{ kind: string }[]> => {
      const { stdout } = await promisify(execFile)(
        KUBECTL,
        [
          ...['--kubeconfig', 'kubeconfig.yaml', '--cache-dir', join(dir.path, 'kube-cache')],
          ...['get', 'pods,replicasets,deployments', '-A', '-o', 'json', ...extra],
        ],
        { cwd: release.repo, maxBuffer: 64 * 1024 * 1024 },
      );
      writeFileSync(join(release.repo, file), stdout);
      const list = JSON.parse(stdout) as { kind: string; items: { kind: string }[] };
      expect(list.kind).toBe('List');
      return list.items;
    };
    const items = await kubectl('out/kubectl.json', ['--show-managed-fields']);
    expect(new Set(items.map((item) => item.kind))).toEqual(
      new Set(['Pod', 'ReplicaSet', 'Deployment']),
    );
    const result = await verifyJson(['--snapshot', 'out/kubectl.json']);
    expect(result.code).toBe(1);
    expect(result.report.cluster).toMatchObject({ kind: 'kubectl-list', file: 'out/kubectl.json' });
    const lines = verdictLines(result.report);
    // What the List holds is judged as from the API; pods whose owner it lacks stand alone.
    expect(lines).toContain(
      'Deployment/shop/shop claimed [DRIFT_MANUAL_CHANGE,RISKY_UNATTRIBUTED!]',
    );
    expect(lines).toContain(
      'Pod/shop/debug-shell none [MISSING_PROVENANCE,RISKY_UNATTRIBUTED!,UNATTESTED_IMAGE]',
    );
    expect(result.stderr).not.toContain('managedFields');
    // kubectl's default output has no managedFields: the manual edit cannot be seen, and verify says so.
    const all = (await kubectl('out/kubectl-default.json', [])).length;
    const blind = await verifyJson(['--snapshot', 'out/kubectl-default.json']);
    expect(verdictLines(blind.report)).toContain('Deployment/shop/shop verified []');
    expect(blind.stderr).toContain(
      `trailmark: warning: ${all} of ${all} workload objects and pods carry no metadata.managedFields (kubectl leaves them out unless --show-managed-fields)`,
    );
  });

  it('neither the Secret value nor the bearer token reach stdout, stderr or any report', async () => {
    const reports = ['json', 'sarif', 'markdown', 'policy-report', 'html'].flatMap((format) => [
      '--report',
      `${format}=out/leak/report.${format}`,
    ]);
    const result = await release.run([
      'verify',
      '--kubeconfig',
      'kubeconfig.yaml',
      ...evidence(),
      ...reports,
      '--verbose',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('debug-shell');
    const files = readdirSync(join(release.repo, 'out/leak'));
    expect(files).toHaveLength(5);
    const texts = [
      result.stdout,
      result.stderr,
      ...files.map((name) => readFileSync(join(release.repo, 'out/leak', name), 'utf8')),
    ];
    const secrets = [PLANTED, Buffer.from(PLANTED).toString('base64'), fake.token];
    for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
    // The Secret is still named where the pod mounts it: metadata is evidence, the value is not.
    expect(texts.join('\n')).toContain('shop-credentials');
  });
});
