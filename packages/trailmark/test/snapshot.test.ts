import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KUBE_FIXTURES_DIR,
  createTempDir,
  startFakeKube,
  type FakeKube,
  type TempDir,
} from '@trailmark/testing';
import { clusterAccessOf, readCluster } from '@trailmark/trailmark';

let fake: FakeKube;
let dir: TempDir;

beforeAll(async () => {
  fake = await startFakeKube();
  dir = await createTempDir();
  writeFileSync(join(dir.path, 'kubeconfig.yaml'), fake.kubeconfig());
});
afterAll(async () => {
  await fake.close();
  await dir.cleanup();
});

describe('readCluster', () => {
  it('reads a live cluster from --kubeconfig, with the injected clock', async () => {
    const snapshot = await readCluster({
      cwd: dir.path,
      env: {},
      kubeconfig: 'kubeconfig.yaml',
      clock: () => new Date('2026-03-04T05:06:07Z'),
    });
    expect(snapshot.source).toEqual({ kind: 'cluster', context: 'fake', server: fake.url });
    expect(snapshot.capturedAt).toBe('2026-03-04T05:06:07.000Z');
    expect(snapshot.objects.filter((object) => object.kind === 'Pod')).toHaveLength(3);
  });

  it('reads a kubectl list given as --snapshot without contacting a cluster', async () => {
    const snapshot = await readCluster({
      cwd: KUBE_FIXTURES_DIR,
      env: { KUBECONFIG: '/nonexistent' },
      snapshot: 'kuard-pods-list.json',
    });
    expect(snapshot.source).toEqual({ kind: 'kubectl-list', file: 'kuard-pods-list.json' });
    expect(snapshot.objects.map((object) => object.metadata.name)).toEqual(['queue-l4dv8']);
  });

  it('names a missing --snapshot file (exit 2 code)', async () => {
    await expect(
      readCluster({ cwd: dir.path, env: {}, snapshot: 'nope.json' }),
    ).rejects.toMatchObject({
      code: 'INPUT_NOT_FOUND',
      message:
        'nope.json: cannot read a cluster snapshot or kubectl list (--snapshot): no such file or directory',
    });
  });
});

describe('clusterAccessOf', () => {
  it('prefers --kubeconfig, then KUBECONFIG, then the pod service account, then ~/.kube/config', () => {
    const home = join(dir.path, 'home');
    mkdirSync(join(home, '.kube'), { recursive: true });
    writeFileSync(join(home, '.kube', 'config'), fake.kubeconfig());
    const inPod = {
      KUBERNETES_SERVICE_HOST: '10.0.0.1',
      KUBERNETES_SERVICE_PORT: '6443',
      HOME: home,
    };
    expect(
      clusterAccessOf({
        cwd: '/w',
        env: { ...inPod, KUBECONFIG: 'a:b' },
        kubeconfig: 'k',
        context: 'c',
      }),
    ).toEqual({
      kubeconfigPaths: ['/w/k'],
      context: 'c',
    });
    expect(clusterAccessOf({ cwd: '/w', env: { ...inPod, KUBECONFIG: 'a::/b' } })).toEqual({
      kubeconfigPaths: ['/w/a', '/b'],
    });
    expect(clusterAccessOf({ cwd: '/w', env: inPod })).toEqual({
      inCluster: { host: '10.0.0.1', port: '6443' },
    });
    expect(clusterAccessOf({ cwd: '/w', env: { HOME: home } })).toEqual({
      kubeconfigPaths: [join(home, '.kube', 'config')],
    });
    expect(() => clusterAccessOf({ cwd: '/w', env: { HOME: join(dir.path, 'empty') } })).toThrow(
      'no cluster to read: pass --kubeconfig FILE or --snapshot FILE, or set KUBECONFIG',
    );
  });
});
