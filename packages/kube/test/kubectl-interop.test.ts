import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDir, startFakeKube, type FakeKube, type TempDir } from '@trailmark/testing';
import { parseClusterFile } from '@trailmark/kube';

// Debian's (or Google's) kubectl: a second, independent client of the fake API. If it can
// discover, page and print through the fake, the fake speaks the protocol clients really use.
const KUBECTL = '/usr/bin/kubectl';

let fake: FakeKube;
let dir: TempDir;

beforeAll(async () => {
  fake = await startFakeKube();
  dir = await createTempDir();
});
afterAll(async () => {
  await fake.close();
  await dir.cleanup();
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

// Asynchronous: the fake answers from this very process, so its event loop must keep running.
function kubectl(args: readonly string[], token?: string): Promise<Run> {
  const kubeconfig = join(dir.path, 'kubeconfig.yaml');
  writeFileSync(kubeconfig, fake.kubeconfig(token === undefined ? {} : { token }));
  const argv = ['--kubeconfig', kubeconfig, '--cache-dir', join(dir.path, 'cache'), ...args];
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir.path };
  return new Promise((resolve) => {
    execFile(KUBECTL, argv, { encoding: 'utf8', env, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = (error as { code?: unknown } | null)?.code;
      resolve({ status: error ? (typeof code === 'number' ? code : null) : 0, stdout, stderr });
    });
  });
}

describe('kubectl against the fake Kubernetes API', () => {
  it('lists pods in chunks of two over verified TLS, and parseClusterFile reads its output', async () => {
    fake.requests.length = 0;
    const run = await kubectl(['get', 'pods', '-A', '-o', 'json', '--chunk-size=2']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const pages = fake.requests.filter((request) => request.path === '/api/v1/pods');
    expect(pages.map((request) => request.query.limit)).toEqual(['2', '2']);
    expect(pages[1]?.query.continue).toEqual(expect.any(String));
    expect(fake.requests.every((request) => request.authenticated)).toBe(true);
    const snapshot = parseClusterFile(run.stdout, 'kubectl-pods.json');
    expect(snapshot.source).toEqual({ kind: 'kubectl-list', file: 'kubectl-pods.json' });
    expect(
      snapshot.objects.map(
        (object) => `${object.metadata.namespace ?? ''}/${object.metadata.name}`,
      ),
    ).toEqual(['argocd/my-pod', 'default/nginx-7fb78fb6d8-2w75j', 'default/queue-l4dv8']);
    expect(
      snapshot.objects.every((object) => object.kind === 'Pod' && object.apiVersion === 'v1'),
    ).toBe(true);
  });

  it('prints several kinds as YAML, which parseClusterFile reads, Secret values dropped', async () => {
    const run = await kubectl([
      'get',
      'deployments,statefulsets,secrets,clusterrolebindings',
      '-A',
      '-o',
      'yaml',
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('token-secret-a: MDEyMzQ1Njc4OWFiY2RlYQ==');
    const snapshot = parseClusterFile(run.stdout, 'kubectl.yaml');
    expect(snapshot.objects.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual([
      'Deployment/kustomize-guestbook-ui',
      'StatefulSet/redis-master',
      'ClusterRoleBinding/blee',
      'Secret/bootstrap-token-abcdef',
    ]);
    expect(JSON.stringify(snapshot)).not.toContain('MDEyMzQ1Njc4OWFiY2RlYQ==');
  });

  it('prints the Status message of an injected 403 as kube-apiserver would have it', async () => {
    fake.fail('/api/v1/secrets', { status: 403 });
    const run = await kubectl(['get', 'secrets', '-A', '-o', 'json']);
    fake.clearFailures();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'secrets is forbidden: User "system:serviceaccount:trailmark:reader" cannot list resource "secrets" in API group "" at the cluster scope',
    );
  });

  it('rejects a wrong token with 401', async () => {
    const run = await kubectl(['get', 'pods', '-A'], 'not-the-token');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Unauthorized|provide credentials/);
  });
});
