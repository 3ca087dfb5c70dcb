import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeConfig, Watch } from '@kubernetes/client-node';
import { startFakeKube, type FakeKube } from '@trailmark/testing';

// The fake's `?watch=1` streams, read by client-node's own Watch (what trace and serve will use).
let fake: FakeKube;

beforeAll(async () => {
  fake = await startFakeKube();
});
afterAll(async () => {
  await fake.close();
});

interface Seen {
  events: { type: string; name: string; code?: number }[];
  done: Promise<unknown>;
}

async function watchPods(query: Record<string, string> = {}): Promise<Seen> {
  const config = new KubeConfig();
  config.loadFromString(fake.kubeconfig());
  const events: Seen['events'] = [];
  let finish: (value: unknown) => void = () => undefined;
  const done = new Promise((resolve) => (finish = resolve));
  await new Watch(config).watch(
    '/api/v1/pods',
    query,
    (type, object: { metadata?: { name?: string }; code?: number }) => {
      events.push({
        type,
        name: object.metadata?.name ?? '',
        ...(object.code === undefined ? {} : { code: object.code }),
      });
    },
    (error: unknown) => {
      finish(error ?? null);
    },
  );
  return { events, done };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

describe('fake Kubernetes API watch', () => {
  it('sends existing objects as ADDED, then pushed events, then ends the stream', async () => {
    const seen = await watchPods();
    await until(() => seen.events.length === 3);
    expect(seen.events.map((event) => event.type)).toEqual(['ADDED', 'ADDED', 'ADDED']);
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'late', namespace: 'shop' } };
    fake.pushEvent('ADDED', pod);
    fake.pushEvent('MODIFIED', { ...pod, metadata: { ...pod.metadata, labels: { a: 'b' } } });
    fake.pushEvent('DELETED', pod);
    fake.add({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'other', namespace: 'shop' },
    });
    await until(() => seen.events.length === 6);
    expect(seen.events.slice(3)).toEqual([
      { type: 'ADDED', name: 'late' },
      { type: 'MODIFIED', name: 'late' },
      { type: 'DELETED', name: 'late' },
    ]);
    fake.endWatches();
    expect(await seen.done).toBeNull();
  });

  it('starts after a resourceVersion without replaying, and can end with a 410 ERROR event', async () => {
    const seen = await watchPods({ resourceVersion: '5000' });
    await until(() =>
      fake.requests.some((r) => r.query.watch === 'true' && r.query.resourceVersion === '5000'),
    );
    fake.endWatches('gone');
    await seen.done;
    expect(seen.events).toEqual([{ type: 'ERROR', name: '', code: 410 }]);
  });
});
