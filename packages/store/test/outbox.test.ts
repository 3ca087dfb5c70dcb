import { describe, expect, it } from 'vitest';
import { openOutbox, type NewJob } from '@trailmark/store';
import { BACKENDS, freshOutboxes } from './backends.js';

const T0 = new Date('2026-12-01T10:00:00.000Z');
const at = (ms: number): Date => new Date(T0.getTime() + ms);
const job = (id: string, groupKey = `group-${id}`, receivedAt = T0): NewJob => ({
  id,
  groupKey,
  payload: JSON.stringify({ alert: id }),
  receivedAt,
});
const ids = (jobs: readonly { id: string }[]): string[] => jobs.map((j) => j.id);

describe.each(BACKENDS)('%s outbox', (_name, makeBackend) => {
  const backend = makeBackend();
  const fresh = freshOutboxes(backend);

  it('counts an id already present, or repeated in one batch, as a duplicate', async () => {
    const outbox = await fresh();
    expect(await outbox.enqueue([job('a'), job('b')])).toEqual({
      inserted: 2,
      duplicates: 0,
      outcomes: ['inserted', 'inserted'],
    });
    expect(await outbox.enqueue([job('b'), job('c'), job('c')])).toEqual({
      inserted: 1,
      duplicates: 2,
      outcomes: ['duplicate', 'inserted', 'duplicate'],
    });
    expect(await outbox.enqueue([])).toEqual({ inserted: 0, duplicates: 0, outcomes: [] });
    expect(await outbox.stats()).toMatchObject({ pending: 3, inflight: 0, done: 0, dead: 0 });
  });

  it('commits the jobs of many requests in one call, telling each job whether it was new', async () => {
    const outbox = await fresh();
    await outbox.enqueue([job('old')]);
    // Three requests' jobs gathered into one transaction: a sender's retry of 'old', a job two
    // requests both carry (the first to arrive stores it), and new ones.
    const requests = [
      [job('r1-a'), job('old'), job('shared', 'g', at(1))],
      [job('shared', 'g', at(2)), job('r2-a')],
      Array.from({ length: 500 }, (_, i) => job(`r3-${String(i)}`, `g${String(i % 7)}`)),
    ];
    const result = await outbox.enqueue(requests.flat());
    expect(result.outcomes.slice(0, 5)).toEqual([
      'inserted',
      'duplicate',
      'inserted',
      'duplicate',
      'inserted',
    ]);
    expect(result.outcomes.slice(5).every((outcome) => outcome === 'inserted')).toBe(true);
    expect(result).toMatchObject({ inserted: 503, duplicates: 2 });
    expect(await outbox.stats()).toMatchObject({ pending: 504, oldestPendingAt: T0 });
    // The stored copy of a job carried twice is the first one's, and claims keep arrival order.
    const claimed = await outbox.claim('w', 4, at(10), 1000);
    expect(ids(claimed)).toEqual(['old', 'r1-a', 'shared', 'r2-a']);
    expect(claimed[2]?.receivedAt).toEqual(at(1));
  });

  it('stores none of the jobs of a call that fails', async () => {
    const outbox = await fresh();
    const broken: NewJob = { ...job('broken'), receivedAt: new Date(Number.NaN) };
    await expect(outbox.enqueue([job('a'), job('b'), broken])).rejects.toThrow();
    expect(await outbox.stats()).toMatchObject({ pending: 0 });
    expect(await outbox.enqueue([job('a')])).toMatchObject({ inserted: 1, duplicates: 0 });
  });

  it('claims oldest first with a lease, and hands an expired lease to another owner', async () => {
    const outbox = await fresh();
    await outbox.enqueue([job('a'), job('b'), job('c')]);
    const first = await outbox.claim('replica-1', 2, T0, 1000);
    expect(ids(first)).toEqual(['a', 'b']);
    expect(first[0]).toMatchObject({
      state: 'inflight',
      attempts: 1,
      leaseOwner: 'replica-1',
      leaseUntil: at(1000),
      payload: JSON.stringify({ alert: 'a' }),
      receivedAt: T0,
    });
    expect(ids(await outbox.claim('replica-2', 10, at(999), 1000))).toEqual(['c']);
    const takeover = await outbox.claim('replica-2', 10, at(1000), 1000);
    expect(ids(takeover)).toEqual(['a', 'b']);
    expect(takeover[0]).toMatchObject({ attempts: 2, leaseOwner: 'replica-2' });
    expect(await outbox.complete('a', 'replica-1', 'too late')).toBe(false);
    expect(await outbox.complete('a', 'replica-2', 'issue #7')).toBe(true);
    expect(await outbox.complete('a', 'replica-2', 'again')).toBe(false);
    expect(await outbox.stats()).toMatchObject({ pending: 0, inflight: 2, done: 1 });
  });

  it('renews a live lease only for its owner, and not once it expired', async () => {
    const outbox = await fresh();
    await outbox.enqueue([job('a')]);
    await outbox.claim('replica-1', 1, T0, 1000);
    expect(await outbox.renew('a', 'replica-2', at(500), 1000)).toBe(false);
    expect(await outbox.renew('a', 'replica-1', at(500), 1000)).toBe(true);
    expect(await outbox.claim('replica-2', 1, at(1200), 1000)).toEqual([]);
    expect(await outbox.renew('a', 'replica-1', at(1500), 1000)).toBe(false);
    expect(ids(await outbox.claim('replica-2', 1, at(1500), 1000))).toEqual(['a']);
    expect(await outbox.renew('a', 'replica-1', at(1600), 1000)).toBe(false);
  });

  it('never hands out two jobs of one group, nor one whose group is under a live lease', async () => {
    const outbox = await fresh();
    await outbox.enqueue([job('a1', 'g1'), job('a2', 'g1'), job('b1', 'g2'), job('a3', 'g1')]);
    expect(ids(await outbox.claim('w', 10, T0, 1000))).toEqual(['a1', 'b1']);
    expect(await outbox.claim('w', 10, T0, 1000)).toEqual([]);
    expect(await outbox.complete('a1', 'w', 'ok')).toBe(true);
    expect(ids(await outbox.claim('w', 10, T0, 1000))).toEqual(['a2']);
    // a2's lease expires: a2 is taken over before its younger group-mate a3.
    expect(ids(await outbox.claim('v', 10, at(1000), 1000))).toEqual(['a2', 'b1']);
  });

  it('does not claim a job before it is due', async () => {
    const outbox = await fresh();
    await outbox.enqueue([job('later', 'g', at(5000))]);
    expect(await outbox.claim('w', 1, T0, 1000)).toEqual([]);
    expect(ids(await outbox.claim('w', 1, at(5000), 1000))).toEqual(['later']);
  });

  it('retries a failed job at its time, and dead-letters it when there is no retry', async () => {
    const outbox = await fresh();
    await outbox.enqueue([job('a')]);
    await outbox.claim('w', 1, T0, 1000);
    expect(await outbox.fail('a', 'other', 'not mine', at(10))).toBe(false);
    expect(await outbox.fail('a', 'w', 'GitHub answered 502', at(5000))).toBe(true);
    expect(await outbox.fail('a', 'w', 'twice', at(5000))).toBe(false);
    expect(await outbox.stats()).toMatchObject({ pending: 1, inflight: 0, oldestPendingAt: T0 });
    expect(await outbox.claim('w', 1, at(4999), 1000)).toEqual([]);
    const [again] = await outbox.claim('w', 1, at(5000), 1000);
    expect(again).toMatchObject({ id: 'a', attempts: 2, lastError: 'GitHub answered 502' });
    expect(await outbox.fail('a', 'w', 'GitHub answered 422', null)).toBe(true);
    expect(await outbox.claim('w', 1, at(99_999), 1000)).toEqual([]);
    const [dead] = await outbox.deadLetters(10);
    expect(dead).toMatchObject({
      id: 'a',
      state: 'dead',
      attempts: 2,
      lastError: 'GitHub answered 422',
    });
    expect(await outbox.stats()).toEqual({ pending: 0, inflight: 0, done: 0, dead: 1 });
  });

  it('counts jobs per state and lists dead letters most recently dead first', async () => {
    const outbox = await fresh();
    await outbox.enqueue([
      job('a', 'g', at(1)),
      job('b', 'g', at(3)),
      job('c'),
      job('d'),
      job('e'),
    ]);
    for (const id of ['c', 'e', 'd']) {
      await outbox.claim('w', 10, at(100), 1000);
      expect(await outbox.fail(id, 'w', `error ${id}`, null)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const letters = await outbox.deadLetters(2);
    expect(letters.map((j) => [j.id, j.lastError])).toEqual([
      ['d', 'error d'],
      ['e', 'error e'],
    ]);
    expect(await outbox.stats()).toEqual({
      pending: 1,
      inflight: 1,
      done: 0,
      dead: 3,
      oldestPendingAt: at(3),
    });
  });

  it('remembers a group reference, replaces it, and keeps it across reopening', async () => {
    const url = await backend.freshUrl();
    const outbox = await openOutbox(url);
    expect(await outbox.getGroupRef('fp-1')).toBeUndefined();
    await outbox.setGroupRef('fp-1', '12');
    await outbox.setGroupRef('fp-1', '13');
    await outbox.setGroupRef('fp-2', 'https://github.example/acme/app/issues/14');
    await outbox.enqueue([job('a')]);
    await outbox.close();
    const reopened = await openOutbox(url);
    try {
      expect(await reopened.getGroupRef('fp-1')).toBe('13');
      expect(await reopened.getGroupRef('fp-2')).toBe('https://github.example/acme/app/issues/14');
      expect(ids(await reopened.claim('w', 5, T0, 10))).toEqual(['a']);
    } finally {
      await reopened.close();
    }
  });

  it('answers ping while open and rejects with a store error once closed', async () => {
    const outbox = await openOutbox(await backend.freshUrl());
    await expect(outbox.ping()).resolves.toBeUndefined();
    await outbox.close();
    await outbox.close();
    await expect(outbox.ping()).rejects.toMatchObject({ name: 'TrailmarkError' });
  });

  it('keeps lastError to a bounded size', async () => {
    const outbox = await fresh();
    await outbox.enqueue([job('a')]);
    await outbox.claim('w', 1, T0, 1000);
    await outbox.fail('a', 'w', 'x'.repeat(100_000), null);
    const [dead] = await outbox.deadLetters(1);
    expect(dead?.lastError?.length).toBe(2000);
  });
});
