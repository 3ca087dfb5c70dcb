import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createTempDir, type TempDir } from '@trailmark/testing';
import { openOutbox, type NewJob } from '@trailmark/store';
import { postgresBackend, sqliteBackend } from './backends.js';

const CHILD = fileURLToPath(new URL('fixtures/outbox-child.mjs', import.meta.url));

/** Runs the child in `mode`; calls `onLine` per stdout line; resolves with exit code/signal. */
function runChild(
  args: string[],
  onLine: (line: string, kill: () => void) => void = () => undefined,
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  createInterface({ input: child.stdout }).on('line', (line) => {
    onLine(line, () => child.kill('SIGKILL'));
  });
  return new Promise((resolve) => {
    child.once('close', (code, signal) => {
      resolve({ code, signal, stderr });
    });
  });
}

describe.each([
  ['sqlite', sqliteBackend],
  ['postgres', postgresBackend],
] as const)('%s outbox across processes', (_name, makeBackend) => {
  const backend = makeBackend();
  const dirs: TempDir[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => dir.cleanup()));
  });

  it('keeps every acknowledged batch after the writer is SIGKILLed, and no half batch', async () => {
    const url = await backend.freshUrl();
    const acked: number[] = [];
    const exit = await runChild(['enqueue', url, 'w'], (line, kill) => {
      const batch = Number(/^acked (\d+)$/.exec(line)?.[1]);
      acked.push(batch);
      if (acked.length === 20) kill();
    });
    expect(exit.signal, exit.stderr).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThanOrEqual(20);
    const outbox = await openOutbox(url);
    try {
      const stats = await outbox.stats();
      // Every acknowledged batch is there; a batch cut off by the kill is all there or absent.
      expect(stats.pending % 50).toBe(0);
      expect(stats.pending).toBeGreaterThanOrEqual(acked.length * 50);
      expect(stats.pending).toBeLessThanOrEqual((acked.length + 1) * 50);
      const again = await outbox.enqueue(batchOf('w', Math.max(...acked)));
      expect(again).toEqual({ inserted: 0, duplicates: 50 });
    } finally {
      await outbox.close();
    }
  });

  it('two processes claiming at once never get one job twice or two jobs of one group', async () => {
    const url = await backend.freshUrl();
    const locks = await createTempDir('trailmark-store-locks-');
    dirs.push(locks);
    const outbox = await openOutbox(url);
    const jobs = Array.from({ length: 240 }, (_, i) => job(`j${i}`, `g${i % 6}`));
    expect(await outbox.enqueue(jobs)).toEqual({ inserted: 240, duplicates: 0 });
    const lines: Record<string, string[]> = { a: [], b: [] };
    const [a, b] = await Promise.all(
      (['a', 'b'] as const).map((owner) =>
        runChild(['claim', url, owner, locks.path], (line) => lines[owner]?.push(line)),
      ),
    );
    expect([a?.code, b?.code], `${a?.stderr ?? ''}${b?.stderr ?? ''}`).toEqual([0, 0]);
    const all = [...(lines.a ?? []), ...(lines.b ?? [])];
    expect(all.filter((line) => !line.startsWith('claimed '))).toEqual([]);
    const claimed = all.map((line) => line.slice('claimed '.length));
    expect(claimed.length).toBe(240);
    expect(new Set(claimed).size).toBe(240);
    expect(lines.a?.length).toBeGreaterThan(0);
    expect(lines.b?.length).toBeGreaterThan(0);
    expect(await outbox.stats()).toMatchObject({ pending: 0, inflight: 0, done: 240 });
    await outbox.close();
  });
});

function job(id: string, groupKey: string): NewJob {
  return { id, groupKey, payload: '{}', receivedAt: new Date() };
}

function batchOf(prefix: string, batch: number): NewJob[] {
  return Array.from({ length: 50 }, (_, i) =>
    job(`${prefix}-${batch}-${i}`, `${prefix}-g${i % 7}`),
  );
}
