import { describe, expect, it } from 'vitest';
import type { NewJob } from '@trailmark/store';
import { BACKENDS, freshOutboxes } from './backends.js';

const T0 = new Date('2026-12-01T10:00:00.000Z');
const at = (ms: number): Date => new Date(T0.getTime() + ms);
const job = (id: string, groupKey: string): NewJob => ({
  id,
  groupKey,
  payload: JSON.stringify({ alert: id }),
  receivedAt: T0,
});
const ids = (jobs: readonly { id: string }[]): string[] => jobs.map((j) => j.id);

describe.each(BACKENDS)('%s outbox: reschedule', (_name, makeBackend) => {
  const fresh = freshOutboxes(makeBackend());

  it('puts a held job back with a new group and payload, the claim not counted', async () => {
    const outbox = await fresh();
    await outbox.enqueue([job('late', 'pod-group'), job('other', 'workload-group')]);
    const claimed = await outbox.claim('w', 2, T0, 1000);
    expect(ids(claimed)).toEqual(['late', 'other']);
    const change = { groupKey: 'workload-group', payload: '{"traced":2}', runAt: at(100) };
    expect(await outbox.reschedule('late', 'someone-else', change)).toBe(false);
    expect(await outbox.reschedule('late', 'w', change)).toBe(true);
    expect(await outbox.reschedule('late', 'w', change)).toBe(false);
    expect(await outbox.stats()).toMatchObject({ pending: 1, inflight: 1 });
    // Not due before runAt; then still waiting while its new group is under a live lease.
    expect(await outbox.claim('v', 1, at(99), 1000)).toEqual([]);
    expect(await outbox.claim('v', 1, at(100), 1000)).toEqual([]);
    expect(await outbox.complete('other', 'w', 'ok')).toBe(true);
    const [again] = await outbox.claim('v', 1, at(100), 1000);
    expect(again).toMatchObject({
      id: 'late',
      groupKey: 'workload-group',
      payload: '{"traced":2}',
      attempts: 1,
      leaseOwner: 'v',
    });
  });

  it('refuses a job whose lease expired and was taken over', async () => {
    const outbox = await fresh();
    await outbox.enqueue([job('a', 'g')]);
    await outbox.claim('w', 1, T0, 1000);
    await outbox.claim('v', 1, at(1000), 1000);
    const change = { groupKey: 'h', payload: '{}', runAt: at(1000) };
    expect(await outbox.reschedule('a', 'w', change)).toBe(false);
    expect(await outbox.reschedule('a', 'v', change)).toBe(true);
  });
});
