import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isTrailmarkError } from '@trailmark/core';
import { startFakeKube, type FakeKube } from '@trailmark/testing';
import {
  createClusterReader,
  createClusterWatch,
  toSnapshotJson,
  type ClusterWatch,
  type ClusterWatchOptions,
  type KubeError,
} from '@trailmark/kube';

// The live view kept by list + watch, against the fake API server: it must agree with a one-shot
// read, follow events, and recover from dropped streams and 410 Gone without losing a change.
const EPOCH = (): Date => new Date('2026-12-01T00:00:00Z');
const BACKOFF = { initialMs: 20, maxMs: 100 };

let fake: FakeKube;
const open: ClusterWatch[] = [];

beforeAll(async () => {
  fake = await startFakeKube();
});
afterEach(async () => {
  fake.clearFailures();
  await Promise.all(open.splice(0).map((watch) => watch.close()));
});
afterAll(async () => {
  await fake.close();
});

function pod(name: string, labels: Record<string, string> = {}): object {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'shop', labels },
    spec: { containers: [{ name: 'app', image: 'registry.example/app:1' }] },
  };
}

async function started(
  server: FakeKube,
  extra: Partial<ClusterWatchOptions> = {},
): Promise<ClusterWatch> {
  const watch = createClusterWatch({
    kubeconfigText: server.kubeconfig(),
    now: EPOCH,
    backoff: BACKOFF,
    ...extra,
  });
  open.push(watch);
  await watch.start();
  return watch;
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out waiting until ${what}`);
}

const names = (watch: ClusterWatch, kind = 'Pod'): string[] =>
  watch
    .snapshot()
    .objects.filter((o) => o.kind === kind)
    .map((o) => o.metadata.name);

const requestsSince = (from: number, path: string): { watch: boolean; rv?: string }[] =>
  fake.requests
    .slice(from)
    .filter((r) => r.path === path)
    .map((r) => ({
      watch: r.query.watch === 'true',
      ...(r.query.resourceVersion ? { rv: r.query.resourceVersion } : {}),
    }));

describe('createClusterWatch', () => {
  it('syncs to exactly what createClusterReader reads, and serves it without rebuilding', async () => {
    const watch = await started(fake);
    const read = await createClusterReader({
      kubeconfigText: fake.kubeconfig(),
      now: EPOCH,
    }).read();
    expect(watch.synced).toBe(true);
    expect(watch.snapshot()).toEqual(read);
    expect(toSnapshotJson(watch.snapshot())).toBe(toSnapshotJson(read));
    expect(watch.version).toBe(read.objects.length);
    expect(watch.snapshot()).toBe(watch.snapshot());
    // Every kind is listed once, then watched from the list's resourceVersion.
    const watches = fake.requests.filter((r) => r.query.watch === 'true');
    expect(watches.length).toBeGreaterThanOrEqual(13);
    expect(watches.every((r) => /^\d+$/.test(r.query.resourceVersion ?? ''))).toBe(true);
  });

  it('applies ADDED, MODIFIED and DELETED events, bumping the version and telling listeners', async () => {
    const watch = await started(fake);
    let told = 0;
    const unsubscribe = watch.onChange(() => told++);
    const before = watch.version;
    const first = watch.snapshot();
    fake.add(pod('late-1'));
    await until(() => names(watch).includes('late-1'), 'the added pod shows');
    expect(watch.version).toBe(before + 1);
    expect(watch.snapshot()).not.toBe(first);
    fake.pushEvent('MODIFIED', pod('late-1', { tier: 'web' }));
    await until(
      () =>
        watch.snapshot().objects.find((o) => o.metadata.name === 'late-1')?.metadata.labels
          ?.tier === 'web',
      'the modified pod shows',
    );
    fake.add({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'late', namespace: 'shop' },
    });
    fake.pushEvent('DELETED', pod('late-1'));
    await until(() => !names(watch).includes('late-1'), 'the deleted pod is gone');
    expect(names(watch, 'Deployment')).toContain('late');
    expect(watch.version).toBe(before + 4);
    await until(() => told > 0, 'a listener is told');
    unsubscribe();
    const toldBefore = told;
    fake.add(pod('late-2'));
    await until(() => names(watch).includes('late-2'), 'the second pod shows');
    await new Promise((r) => setTimeout(r, 60));
    expect(told).toBe(toldBefore);
    fake.pushEvent('DELETED', pod('late-2'));
  });

  it('re-watches from where it was when a stream ends, with changes made while it was down', async () => {
    const errors: KubeError[] = [];
    const watch = await started(fake, { onError: (error) => errors.push(error) });
    fake.add(pod('doomed'));
    await until(() => names(watch).includes('doomed'), 'the pod shows');
    fake.fail('/api/v1/pods', { status: 500 });
    const from = fake.requests.length;
    fake.endWatches();
    await until(() => errors.length >= 2, 'reconnecting fails twice (backoff, retried)');
    expect(errors[0]?.code).toBe('KUBE_UNREACHABLE');
    expect(errors[0]?.message).toContain('watch pods');
    // While the pods watch is down: one pod goes, another comes.
    fake.pushEvent('DELETED', pod('doomed'));
    fake.add(pod('born-offline'));
    fake.clearFailures();
    await until(
      () => !names(watch).includes('doomed') && names(watch).includes('born-offline'),
      'the changes made while disconnected show',
    );
    // Resumed from a resourceVersion: no new list of pods.
    expect(requestsSince(from, '/api/v1/pods').every((r) => r.watch && r.rv !== undefined)).toBe(
      true,
    );
    expect(watch.synced).toBe(true);
    fake.pushEvent('DELETED', pod('born-offline'));
  });

  it('lists again after a 410 ERROR event in the stream, and stays equal to a fresh read', async () => {
    const watch = await started(fake);
    const from = fake.requests.length;
    fake.endWatches('gone');
    await until(
      () => requestsSince(from, '/apis/apps/v1/deployments').some((r) => !r.watch),
      'deployments are listed again',
    );
    fake.add(pod('after-gone'));
    await until(() => names(watch).includes('after-gone'), 'the watch runs again');
    const read = await createClusterReader({
      kubeconfigText: fake.kubeconfig(),
      now: EPOCH,
    }).read();
    expect(watch.snapshot()).toEqual(read);
    fake.pushEvent('DELETED', pod('after-gone'));
  });

  for (const tooOldWatch of ['event', 'http'] as const)
    it(`lists again when resuming is refused as too old (410 as ${tooOldWatch}): a pod deleted meanwhile disappears`, async () => {
      const server = await startFakeKube({ tooOldWatch });
      try {
        server.add(pod('deleted-while-away'));
        const watch = await started(server);
        expect(names(watch)).toContain('deleted-while-away');
        const version = watch.version;
        server.fail('/api/v1/pods', { status: 500 });
        server.endWatches();
        await until(
          () => server.requests.filter((r) => r.path === '/api/v1/pods').length > 2,
          'the pods watch is down',
        );
        server.pushEvent('DELETED', pod('deleted-while-away'));
        server.compact();
        const from = server.requests.length;
        server.clearFailures();
        await until(() => !names(watch).includes('deleted-while-away'), 'the pod disappears');
        expect(watch.version).toBe(version + 1);
        const pods = server.requests.slice(from).filter((r) => r.path === '/api/v1/pods');
        expect(pods.some((r) => r.query.watch === undefined)).toBe(true);
      } finally {
        await open.pop()?.close();
        await server.close();
      }
    });

  it('rejects start with a KubeError when the API server cannot be reached or refuses', async () => {
    const failing = async (options: ClusterWatchOptions): Promise<string> => {
      const watch = createClusterWatch(options);
      try {
        await watch.start();
      } catch (error) {
        if (!isTrailmarkError(error)) throw error;
        expect(watch.synced).toBe(false);
        return error.code;
      }
      throw new Error('expected start to fail');
    };
    const down = await startFakeKube();
    const kubeconfigText = down.kubeconfig();
    await down.close();
    expect(await failing({ kubeconfigText })).toBe('KUBE_UNREACHABLE');
    expect(await failing({ kubeconfigText: fake.kubeconfig({ token: 'wrong' }) })).toBe(
      'KUBE_AUTH',
    );
    fake.fail('/apis/batch/v1/cronjobs', { status: 403 });
    expect(await failing({ kubeconfigText: fake.kubeconfig() })).toBe('KUBE_FORBIDDEN');
  });
});
