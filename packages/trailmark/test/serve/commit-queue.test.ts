import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openOutbox, type NewJob, type Outbox } from '@trailmark/store';
import { createTempDir, type TempDir } from '@trailmark/testing';
import {
  QueueFullError,
  createCommitQueue,
  type CommitQueue,
  type Committed,
  type Ticket,
} from '../../src/serve/commit-queue.js';

let dir: TempDir;
let outbox: Outbox;
const url = (): string => `sqlite:${join(dir.path, 'outbox.db')}`;
beforeEach(async () => {
  dir = await createTempDir('trailmark-serve-queue-');
  outbox = await openOutbox(url());
});
afterEach(async () => {
  await outbox.close();
  await dir.cleanup();
});

const job = (n: number): NewJob => ({
  id: `sha256:${n.toString(16).padStart(64, '0')}`,
  groupKey: `sha256:${'f'.repeat(64)}`,
  payload: '{}',
  receivedAt: new Date('2026-12-05T00:00:00Z'),
});
const jobs = (...ns: number[]): NewJob[] => ns.map(job);

/**
 * The real SQLite outbox, seen through its `enqueue` calls (the jobs of each transaction), with a
 * gate that holds every call until opened: a commit that takes its time, as PostgreSQL's does.
 */
function watched(real: Outbox, gated = false) {
  const calls: string[][] = [];
  let open = !gated;
  let opened: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (opened = resolve));
  const store: Outbox = Object.create(real) as Outbox;
  store.enqueue = async (batch) => {
    calls.push(batch.map((j) => j.id));
    if (!open) await gate;
    return real.enqueue(batch);
  };
  return {
    store,
    calls,
    open() {
      open = true;
      opened();
    },
  };
}

const enter = (queue: CommitQueue): Ticket => {
  const ticket = queue.enter();
  if (ticket === undefined) throw new Error('queue full');
  return ticket;
};
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('createCommitQueue', () => {
  it('commits requests that arrive together in one transaction, answering each with its own counts', async () => {
    const seen = watched(outbox);
    const queue = createCommitQueue(seen.store, { capacity: 100 });
    const first = enter(queue).commit(jobs(1, 2));
    const second = enter(queue).commit(jobs(2, 3));
    const third = enter(queue).commit(jobs(4));
    expect(queue.depth).toBe(5);
    expect(await Promise.all([first, second, third])).toEqual([
      { accepted: 2, duplicates: 0 },
      { accepted: 1, duplicates: 1 },
      { accepted: 1, duplicates: 0 },
    ]);
    expect(seen.calls).toHaveLength(1);
    expect(queue.depth).toBe(0);
    expect((await outbox.stats()).pending).toBe(4);
  });

  it('answers no request before its transaction committed; requests meanwhile go in the next one', async () => {
    const seen = watched(outbox, true);
    const queue = createCommitQueue(seen.store, { capacity: 100 });
    const answered: Committed[] = [];
    const first = enter(queue)
      .commit(jobs(1, 2))
      .then((c) => answered.push(c));
    await turn();
    const second = enter(queue)
      .commit(jobs(3))
      .then((c) => answered.push(c));
    for (let i = 0; i < 5; i++) await turn();
    const other = await openOutbox(url());
    try {
      expect(answered).toEqual([]);
      expect((await other.stats()).pending).toBe(0);
      expect(seen.calls).toEqual([[job(1).id, job(2).id]]);
      seen.open();
      await Promise.all([first, second]);
      expect((await other.stats()).pending).toBe(3);
    } finally {
      await other.close();
    }
    expect(seen.calls).toEqual([[job(1).id, job(2).id], [job(3).id]]);
    expect(answered).toEqual([
      { accepted: 2, duplicates: 0 },
      { accepted: 1, duplicates: 0 },
    ]);
  });

  it('refuses at once what would pass its size, counting admitted requests one each until traced', async () => {
    const queue = createCommitQueue(outbox, { capacity: 3 });
    const a = enter(queue);
    const b = enter(queue);
    const c = enter(queue);
    expect(queue.enter()).toBeUndefined();
    const committed = a.commit(jobs(1));
    expect(queue.depth).toBe(3);
    await expect(b.commit(jobs(2, 3))).rejects.toBeInstanceOf(QueueFullError);
    b.release();
    c.release();
    c.release();
    expect(queue.depth).toBe(1);
    expect(await committed).toEqual({ accepted: 1, duplicates: 0 });
    expect(queue.depth).toBe(0);
    expect(await enter(queue).commit(jobs(2, 3))).toEqual({ accepted: 2, duplicates: 0 });
    expect((await outbox.stats()).pending).toBe(3);
  });

  it('an otherwise empty queue takes one request larger than its size rather than refuse it forever', async () => {
    const queue = createCommitQueue(outbox, { capacity: 1 });
    expect(await enter(queue).commit(jobs(1, 2))).toEqual({ accepted: 2, duplicates: 0 });
  });

  it('keeps what a request holds until its transaction ends, even when the request is cut off', async () => {
    const seen = watched(outbox, true);
    const queue = createCommitQueue(seen.store, { capacity: 10 });
    const ticket = enter(queue);
    const committed = ticket.commit(jobs(1, 2, 3));
    ticket.release();
    expect(queue.depth).toBe(3);
    seen.open();
    await committed;
    expect(queue.depth).toBe(0);
  });

  it('commits at most maxBatch alerts at once, never splitting a request; a full batch does not wait', async () => {
    const seen = watched(outbox, true);
    const queue = createCommitQueue(seen.store, { capacity: 100, maxBatch: 3 });
    const answers = [[1], [2, 3], [4], [5, 6, 7, 8], [9]].map((ns) =>
      enter(queue).commit(jobs(...ns)),
    );
    for (let i = 0; i < 5; i++) await turn();
    // The first batch is held at the gate; with a full batch behind it, the next ones start beside
    // it; [9] alone waits for a commit to finish.
    expect(seen.calls.map((call) => call.length)).toEqual([3, 1, 4]);
    seen.open();
    await Promise.all(answers);
    expect(seen.calls.map((call) => call.length)).toEqual([3, 1, 4, 1]);
    expect((await outbox.stats()).pending).toBe(9);
  });

  it('a store that fails rejects the requests of its transaction: nothing is acknowledged', async () => {
    const queue = createCommitQueue(outbox, { capacity: 10 });
    await outbox.close();
    const answers = [enter(queue).commit(jobs(1)), enter(queue).commit(jobs(2, 3))];
    for (const answer of answers) await expect(answer).rejects.toThrow();
    expect(queue.depth).toBe(0);
    outbox = await openOutbox(url());
    expect((await outbox.stats()).pending).toBe(0);
  });

  it('drained() waits for the transactions in flight', async () => {
    const seen = watched(outbox, true);
    const queue = createCommitQueue(seen.store, { capacity: 10 });
    let answered = false;
    void enter(queue)
      .commit(jobs(1))
      .then(() => (answered = true));
    const drained = queue.drained();
    await turn();
    seen.open();
    await drained;
    expect(answered).toBe(true);
    await queue.drained();
  });
});
