import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openOutbox, type NewJob, type Outbox } from '@trailmark/store';
import { createTempDir, type TempDir } from '@trailmark/testing';
import { QueueFullError, createCommitQueue } from '../../src/serve/commit-queue.js';

let dir: TempDir;
let outbox: Outbox;
beforeEach(async () => {
  dir = await createTempDir('trailmark-serve-queue-');
  outbox = await openOutbox(`sqlite:${join(dir.path, 'outbox.db')}`);
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

describe('createCommitQueue', () => {
  it('answers each request with its own counts, only once committed', async () => {
    const queue = createCommitQueue(outbox, 100);
    const first = queue.submit([job(1), job(2)]);
    const second = queue.submit([job(2), job(3)]);
    expect(queue.depth).toBe(4);
    expect(await first).toEqual({ accepted: 2, duplicates: 0 });
    expect(await second).toEqual({ accepted: 1, duplicates: 1 });
    expect(queue.depth).toBe(0);
    expect((await outbox.stats()).pending).toBe(3);
  });

  it('refuses at once when the alerts waiting would pass its size (the sender gets 429)', async () => {
    const queue = createCommitQueue(outbox, 2);
    const first = queue.submit([job(1), job(2)]);
    await expect(queue.submit([job(3)])).rejects.toBeInstanceOf(QueueFullError);
    await first;
    expect(await queue.submit([job(3)])).toEqual({ accepted: 1, duplicates: 0 });
    expect((await outbox.stats()).pending).toBe(3);
  });

  it('an empty queue takes one request larger than its size rather than refusing it forever', async () => {
    const queue = createCommitQueue(outbox, 1);
    expect(await queue.submit([job(1), job(2)])).toEqual({ accepted: 2, duplicates: 0 });
  });

  it('a store that fails rejects the requests waiting: nothing is acknowledged', async () => {
    const queue = createCommitQueue(outbox, 10);
    await outbox.close();
    await expect(queue.submit([job(1)])).rejects.toThrow();
    outbox = await openOutbox(`sqlite:${join(dir.path, 'outbox.db')}`);
    expect((await outbox.stats()).pending).toBe(0);
  });
});
