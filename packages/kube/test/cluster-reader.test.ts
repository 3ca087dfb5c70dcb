import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SNAPSHOT_KINDS, isTrailmarkError } from '@trailmark/core';
import {
  createTempDir,
  createTestTls,
  startFakeKube,
  type FakeKube,
  type TempDir,
} from '@trailmark/testing';
import { createClusterReader, toSnapshotJson, type ClusterReaderOptions } from '@trailmark/kube';

const PLANTED = 'planted-secret-value-7f3a9c';
const PLANTED_B64 = Buffer.from(PLANTED).toString('base64');

const PLANTED_SECRET = {
  apiVersion: 'v1',
  kind: 'Secret',
  type: 'Opaque',
  metadata: {
    name: 'db-password',
    namespace: 'shop',
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
        stringData: { password: PLANTED },
      }),
      team: 'payments',
    },
  },
  data: { password: PLANTED_B64 },
  stringData: { password: PLANTED },
};

let fake: FakeKube;
let dir: TempDir;

beforeAll(async () => {
  fake = await startFakeKube();
  fake.add(PLANTED_SECRET);
  dir = await createTempDir();
});
afterAll(async () => {
  await fake.close();
  await dir.cleanup();
});

function kubeconfigFile(name: string, text: string): string {
  const path = join(dir.path, name);
  writeFileSync(path, text);
  return path;
}

async function readFails(
  options: ClusterReaderOptions,
): Promise<{ code: string; message: string }> {
  try {
    await createClusterReader(options).read();
  } catch (error) {
    if (!isTrailmarkError(error)) throw error;
    return { code: error.code, message: error.message };
  }
  throw new Error('expected the read to fail');
}

describe('createClusterReader against the fake API (client-node, TLS verified)', () => {
  it('lists every kind in pages, fills in kinds, and reads Secrets as metadata only', async () => {
    fake.requests.length = 0;
    const kubeconfigPaths = [kubeconfigFile('ok.yaml', fake.kubeconfig())];
    const snapshot = await createClusterReader({
      kubeconfigPaths,
      pageSize: 1,
      now: () => new Date('2026-01-02T03:04:05Z'),
    }).read();
    expect(snapshot.source).toEqual({ kind: 'cluster', context: 'fake', server: fake.url });
    expect(snapshot.capturedAt).toBe('2026-01-02T03:04:05.000Z');
    const keys = snapshot.objects.map(
      (o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`,
    );
    expect(keys).toEqual([
      'Pod/argocd/my-pod',
      'Pod/default/nginx-7fb78fb6d8-2w75j',
      'Pod/default/queue-l4dv8',
      'Deployment/default/kustomize-guestbook-ui',
      'StatefulSet/default/redis-master',
      'DaemonSet/kube-system/fluentd-elasticsearch',
      'Job/argoci-workflows/succeed',
      'ClusterRoleBinding//blee',
      'Secret/kube-system/bootstrap-token-abcdef',
      'Secret/shop/db-password',
    ]);
    // One request per kind and page, with limit and continue.
    const pods = fake.requests.filter((r) => r.path === '/api/v1/pods');
    expect(pods.map((r) => r.query)).toEqual([
      { limit: '1' },
      { limit: '1', continue: expect.any(String) as string },
      { limit: '1', continue: expect.any(String) as string },
    ]);
    expect(new Set(fake.requests.map((r) => r.path)).size).toBe(SNAPSHOT_KINDS.length);
    const secrets = fake.requests.filter((r) => r.path === '/api/v1/secrets');
    expect(
      secrets.every((r) => r.accept.startsWith('application/json;as=PartialObjectMetadataList')),
    ).toBe(true);
    const secret = snapshot.objects.find((o) => o.metadata.name === 'db-password');
    expect(secret).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: expect.objectContaining({
        name: 'db-password',
        namespace: 'shop',
        annotations: { team: 'payments' },
      }) as unknown,
    });
  });

  it('never lets a Secret value through, even from a server that ignores the metadata-only Accept', async () => {
    const whole = await startFakeKube({ metadataLists: false });
    try {
      whole.add(PLANTED_SECRET);
      const kubeconfigPaths = [kubeconfigFile('whole.yaml', whole.kubeconfig())];
      const snapshot = await createClusterReader({ kubeconfigPaths, pageSize: 1 }).read();
      const text = `${JSON.stringify(snapshot)}${toSnapshotJson(snapshot)}`;
      for (const value of [PLANTED, PLANTED_B64, 'MDEyMzQ1Njc4OWFiY2RlYQ=='])
        expect(text).not.toContain(value);
      // Whole objects came back: the type is kept, the values and last-applied are not.
      const secret = snapshot.objects.find((o) => o.metadata.name === 'db-password');
      expect(secret?.type).toBe('Opaque');
      expect(secret?.metadata.annotations).toEqual({ team: 'payments' });
    } finally {
      await whole.close();
    }
  });

  it('restarts a list once when its continue token expires (410), then fails with KUBE_GONE', async () => {
    const kubeconfigPaths = [kubeconfigFile('ok.yaml', fake.kubeconfig())];
    let expired = 0;
    fake.beforeRequest = (request) => {
      if (
        request.path === '/api/v1/pods' &&
        request.query.continue !== undefined &&
        expired === 0
      ) {
        expired++;
        fake.expireContinueTokens();
      }
    };
    const restarts: number[] = [];
    const snapshot = await createClusterReader({
      kubeconfigPaths,
      pageSize: 2,
      onListed: (resource, listed) => {
        if (resource.resource === 'pods') restarts.push(listed.restarts);
      },
    }).read();
    expect(restarts).toEqual([1]);
    expect(snapshot.objects.filter((o) => o.kind === 'Pod')).toHaveLength(3);
    fake.beforeRequest = (request) => {
      if (request.path === '/api/v1/pods' && request.query.continue !== undefined)
        fake.expireContinueTokens();
    };
    const failure = await readFails({ kubeconfigPaths, pageSize: 2 });
    fake.beforeRequest = undefined;
    expect(failure.code).toBe('KUBE_GONE');
    expect(failure.message).toContain('the list of pods expired while paging (HTTP 410)');
  });

  it('maps a wrong token to KUBE_AUTH without quoting it', async () => {
    const kubeconfigPaths = [
      kubeconfigFile('bad-token.yaml', fake.kubeconfig({ token: 'wrong-token-5d1e' })),
    ];
    const failure = await readFails({ kubeconfigPaths });
    expect(failure).toEqual({
      code: 'KUBE_AUTH',
      message: expect.stringContaining('rejected the credentials (HTTP 401)') as string,
    });
    expect(failure.message).not.toContain('wrong-token-5d1e');
    expect(failure.message).not.toContain(fake.token);
  });

  it('maps a 403 to KUBE_FORBIDDEN naming the verb, resource and API group', async () => {
    fake.fail('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', { status: 403 });
    const failure = await readFails({
      kubeconfigPaths: [kubeconfigFile('ok.yaml', fake.kubeconfig())],
    });
    fake.clearFailures();
    expect(failure.code).toBe('KUBE_FORBIDDEN');
    expect(failure.message).toContain('forbids list clusterrolebindings (HTTP 403)');
    expect(failure.message).toContain(
      'verbs [list] on resources [clusterrolebindings] in apiGroups ["rbac.authorization.k8s.io"]',
    );
    expect(failure.message).toContain('cannot list resource "clusterrolebindings" in API group');
  });

  it('never quotes the token when a server echoes the request in its error', async () => {
    fake.fail('/apis/apps/v1/deployments', { status: 500, echoRequest: true });
    const failure = await readFails({
      kubeconfigPaths: [kubeconfigFile('ok.yaml', fake.kubeconfig())],
    });
    fake.clearFailures();
    expect(failure.code).toBe('KUBE_UNREACHABLE');
    expect(failure.message).toContain(
      'answered HTTP 500 to list deployments: "rejected GET /apis/apps/v1/deployments with Authorization:',
    );
    expect(failure.message).not.toContain(fake.token);
  });

  it('maps a 404 to KUBE_NOT_FOUND', async () => {
    fake.fail('/apis/batch/v1/cronjobs', { status: 404 });
    const failure = await readFails({
      kubeconfigPaths: [kubeconfigFile('ok.yaml', fake.kubeconfig())],
    });
    fake.clearFailures();
    expect(failure.code).toBe('KUBE_NOT_FOUND');
    expect(failure.message).toContain('does not serve batch/v1 cronjobs (HTTP 404)');
  });

  it('gives up on a request that does not answer in time (KUBE_TIMEOUT)', async () => {
    fake.fail('/api/v1/pods', { stall: true });
    const failure = await readFails({
      kubeconfigPaths: [kubeconfigFile('ok.yaml', fake.kubeconfig())],
      timeoutMs: 300,
    });
    fake.clearFailures();
    expect(failure).toEqual({
      code: 'KUBE_TIMEOUT',
      message: `${fake.url} did not answer within 300 ms listing pods`,
    });
  });

  it('runs at most `concurrency` lists at once, and starts none after a failure', async () => {
    // A fake of its own: requests still in flight from earlier tests cannot land in its log.
    const own = await startFakeKube();
    try {
      own.fail('/api/v1/pods', { stall: true });
      const kubeconfigPaths = [kubeconfigFile('ok.yaml', own.kubeconfig())];
      const failure = await readFails({ kubeconfigPaths, concurrency: 1, timeoutMs: 200 });
      own.clearFailures();
      expect(failure.code).toBe('KUBE_TIMEOUT');
      expect(own.requests.map((request) => request.path)).toEqual(['/api/v1/pods']);
      own.requests.length = 0;
      own.fail('/api/v1/pods', { stall: true });
      await readFails({ kubeconfigPaths, concurrency: 2, timeoutMs: 200 });
      own.clearFailures();
      // The second worker went on while the first waited; the first never started another.
      expect(own.requests[0]?.path).toBe('/api/v1/pods');
      expect(own.requests.filter((request) => request.path === '/api/v1/pods')).toHaveLength(1);
      expect(own.requests.length).toBeGreaterThan(2);
    } finally {
      await own.close();
    }
  });

  it('refuses a server whose certificate does not chain to the kubeconfig CA', async () => {
    const other = await createTestTls();
    const kubeconfigPaths = [
      kubeconfigFile('wrong-ca.yaml', fake.kubeconfig({ caPem: other.caPem })),
    ];
    const failure = await readFails({ kubeconfigPaths });
    expect(failure.code).toBe('KUBE_UNREACHABLE');
    expect(failure.message).toMatch(/TLS verification of https:\/\/127\.0\.0\.1:\d+ failed/);
  });

  it('reports a closed port as KUBE_UNREACHABLE', async () => {
    const port = await closedPort();
    const kubeconfig = fake.kubeconfig({ server: `https://127.0.0.1:${port}` });
    const failure = await readFails({ kubeconfigText: kubeconfig });
    expect(failure).toEqual({
      code: 'KUBE_UNREACHABLE',
      message: `API server https://127.0.0.1:${port} could not be reached (ECONNREFUSED) listing pods`,
    });
  });

  it('reads in-cluster through a service account directory (token file + ca.crt)', async () => {
    const accountDir = join(dir.path, 'serviceaccount');
    mkdirSync(accountDir);
    writeFileSync(join(accountDir, 'token'), fake.token);
    writeFileSync(join(accountDir, 'ca.crt'), fake.caPem);
    const port = new URL(fake.url).port;
    const snapshot = await createClusterReader({
      inCluster: { host: '127.0.0.1', port, serviceAccountDir: accountDir },
    }).read();
    expect(snapshot.source).toEqual({
      kind: 'cluster',
      context: 'inClusterContext',
      server: fake.url,
    });
    expect(snapshot.objects.length).toBeGreaterThan(5);
  });

  it('names the kubeconfig problem: unknown context, missing file, malformed text (KUBE_CONFIG)', async () => {
    const path = kubeconfigFile('ok.yaml', fake.kubeconfig());
    expect(await readFails({ kubeconfigPaths: [path], context: 'prod' })).toEqual({
      code: 'KUBE_CONFIG',
      message: `${path}: no context "prod" (contexts: fake)`,
    });
    const missing = join(dir.path, 'nope.yaml');
    expect(await readFails({ kubeconfigPaths: [missing] })).toEqual({
      code: 'KUBE_CONFIG',
      message: `${missing}: cannot read the kubeconfig (ENOENT)`,
    });
    const broken = `${fake.kubeconfig()}  - : [\n`;
    const failure = await readFails({ kubeconfigText: broken });
    expect(failure.code).toBe('KUBE_CONFIG');
    expect(failure.message).toMatch(/^the kubeconfig text: not a valid kubeconfig/);
    expect(failure.message).not.toContain(fake.token);
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return port;
}
