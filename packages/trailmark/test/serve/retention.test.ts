import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openOutbox, type Outbox } from '@trailmark/store';
import { createTempDir, type TempDir } from '@trailmark/testing';
import { resolveServeSettings } from '../../src/serve/config.js';
import { createServeLogger } from '../../src/serve/logger.js';
import { retentionMs, startPruning } from '../../src/serve/retention.js';

// Done jobs are deleted once older than --retain-done, over a real SQLite outbox.

let dir: TempDir;
let outbox: Outbox;
const log: string[] = [];
beforeEach(async () => {
  dir = await createTempDir('trailmark-serve-retention-');
  outbox = await openOutbox(`sqlite:${join(dir.path, 'outbox.db')}`);
  log.length = 0;
});
afterEach(async () => {
  await outbox.close();
  await dir.cleanup();
});

const logger = () => createServeLogger({ write: (line: string) => log.push(line) });
const finish = async (ids: string[]): Promise<void> => {
  const now = new Date();
  await outbox.enqueue(ids.map((id) => ({ id, groupKey: id, payload: '{}', receivedAt: now })));
  for (const job of await outbox.claim('w', ids.length, now, 60_000))
    await outbox.complete(job.id, 'w', 'ok');
};

describe('--retain-done', () => {
  it('reads ms, s, m, h, d and 0', () => {
    expect(retentionMs('250ms')).toBe(250);
    expect(retentionMs('90s')).toBe(90_000);
    expect(retentionMs('15m')).toBe(900_000);
    expect(retentionMs('36h')).toBe(129_600_000);
    expect(retentionMs('7d')).toBe(604_800_000);
    expect(retentionMs('0')).toBe(0);
  });

  it('defaults to 7d; a malformed value is refused naming the setting', async () => {
    const base = { cwd: dir.path, env: {}, flags: { tokenFile: 'token' } };
    expect((await resolveServeSettings(base)).retainDone).toBe('7d');
    await expect(
      resolveServeSettings({ ...base, flags: { ...base.flags, retainDone: '7 days' } }),
    ).rejects.toThrow(/the flag for retainDone: \/retainDone must match pattern/);
    const env = { TRAILMARK_SERVE_RETAIN_DONE: '36h' };
    expect((await resolveServeSettings({ ...base, env })).retainDone).toBe('36h');
  });

  it('deletes done jobs once older than the retention, keeping open ones', async () => {
    await finish(['a', 'b']);
    await outbox.enqueue([{ id: 'open', groupKey: 'g', payload: '{}', receivedAt: new Date() }]);
    const stop = startPruning({ outbox, retainMs: 1000, now: Date.now, logger: logger() });
    try {
      const deadline = Date.now() + 10_000;
      while ((await outbox.stats()).done > 0) {
        if (Date.now() > deadline) throw new Error('not pruned in time');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await stop();
    }
    expect(await outbox.stats()).toMatchObject({ pending: 1, done: 0 });
    expect(log.some((line) => line.includes('"deleted":2'))).toBe(true);
  });

  it('0 keeps done jobs', async () => {
    await finish(['a']);
    const stop = startPruning({
      outbox,
      retainMs: 0,
      now: () => Date.now() + 1e12,
      logger: logger(),
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await stop();
    expect((await outbox.stats()).done).toBe(1);
  });
});
