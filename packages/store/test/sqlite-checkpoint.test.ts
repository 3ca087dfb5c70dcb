import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openOutbox, type NewJob } from '@trailmark/store';
import { createTempDir, type TempDir } from '@trailmark/testing';

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir('trailmark-store-checkpoint-');
});
afterEach(async () => {
  await dir.cleanup();
});

const jobs = (from: number, count: number): NewJob[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `job-${String(from + i)}`,
    groupKey: `g${String(i % 9)}`,
    payload: JSON.stringify({ incident: 'x'.repeat(4000), n: from + i }),
    receivedAt: new Date('2026-12-06T00:00:00Z'),
  }));
const size = (path: string): number => statSync(path).size;

describe('sqlite outbox with checkpoints on a thread', () => {
  it('moves committed pages into the database file without a commit doing it, and closes cleanly', async () => {
    const file = join(dir.path, 'outbox.db');
    const outbox = await openOutbox(`sqlite:${file}`, { sqliteCheckpointThread: true });
    const empty = size(file);
    // About 600 pages (300 jobs of 4 kB, each over a page): under the guard at which a commit would checkpoint by itself.
    for (let n = 0; n < 300; n += 50) await outbox.enqueue(jobs(n, 50));
    const deadline = Date.now() + 10_000;
    while (size(file) - empty < 300 * 4000 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(size(file) - empty).toBeGreaterThan(300 * 4000);
    await outbox.close();
    const reopened = await openOutbox(`sqlite:${file}`);
    try {
      expect(await reopened.stats()).toMatchObject({ pending: 300 });
      expect(await reopened.enqueue(jobs(0, 1))).toMatchObject({ duplicates: 1 });
    } finally {
      await reopened.close();
    }
  });

  it('without the thread, the same commits leave the pages in the WAL', async () => {
    const file = join(dir.path, 'outbox.db');
    const outbox = await openOutbox(`sqlite:${file}`);
    const empty = size(file);
    for (let n = 0; n < 300; n += 50) await outbox.enqueue(jobs(n, 50));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(size(file) - empty).toBeLessThan(300 * 4000);
    await outbox.close();
  });
});
