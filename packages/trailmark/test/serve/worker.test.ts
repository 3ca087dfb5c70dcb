import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGithubClient } from '@trailmark/github';
import { openOutbox, type Outbox } from '@trailmark/store';
import { createTempDir, startFakeGithub, type FakeGithub, type TempDir } from '@trailmark/testing';
import { createOpenIssueIndex } from '../../src/serve/issue-index.js';
import { createServeLogger } from '../../src/serve/logger.js';
import { createServeMetrics } from '../../src/serve/metrics.js';
import { startWorkers, type WorkerPool } from '../../src/serve/worker.js';
import { FINGERPRINT, incident } from '../escalate-incident.js';

// Workers over a real SQLite outbox and the fake GitHub API: retries with backoff, dead letters.

let dir: TempDir;
let outbox: Outbox;
let github: FakeGithub;
let pool: WorkerPool | undefined;
const log: string[] = [];

beforeEach(async () => {
  dir = await createTempDir('trailmark-serve-worker-');
  outbox = await openOutbox(`sqlite:${join(dir.path, 'outbox.db')}`);
  github = await startFakeGithub();
  log.length = 0;
});
afterEach(async () => {
  await pool?.stop(5000);
  await outbox.close();
  await github.stop();
  await dir.cleanup();
});

function start(maxAttempts: number) {
  const metrics = createServeMetrics({
    queueDepth: () => Promise.resolve(0),
    deadLettered: () => Promise.resolve(0),
  });
  pool = startWorkers({
    outbox,
    owner: 'test-owner',
    count: 1,
    maxAttempts,
    leaseMs: 30_000,
    pollMs: 20,
    logger: createServeLogger({ write: (line: string) => log.push(line) }),
    now: Date.now,
    backoff: { baseMs: 10, maxMs: 40, random: () => 1 },
    escalation: {
      targets: [{ kind: 'github' }],
      github: {
        newClient: () => ({
          client: createGithubClient({ token: github.token, baseUrl: github.url, retries: 0 }),
          waitMs: () => undefined,
        }),
        refs: outbox,
        host: 'github.com',
        issues: createOpenIssueIndex(),
      },
      fetch: globalThis.fetch,
      metrics,
      webhookTimeoutMs: 1000,
      secrets: [github.token],
    },
  });
  return metrics;
}

const enqueue = (id: string) =>
  outbox.enqueue([
    {
      id,
      groupKey: FINGERPRINT,
      payload: JSON.stringify({ incident: incident() }),
      receivedAt: new Date(),
    },
  ]);
const until = async (check: () => Promise<boolean>): Promise<void> => {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('not in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('startWorkers', () => {
  it('retries a job GitHub failed (5xx, 5xx) and escalates it once', async () => {
    github.failNext(502, 2);
    const metrics = start(5);
    await enqueue(`sha256:${'1'.repeat(64)}`);
    await until(async () => (await outbox.stats()).done === 1);
    expect(github.issues('acme/shop')).toHaveLength(1);
    expect((await metrics.retries.get()).values[0]?.value).toBe(2);
    expect((await metrics.escalated.get()).values).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ labels: { target: 'github', outcome: 'error' }, value: 2 }),
        expect.objectContaining({ labels: { target: 'github', outcome: 'ok' }, value: 1 }),
      ]),
    );
  });

  it('dead-letters a job after --max-attempts, with its last error, and never the token', async () => {
    github.failNext(500, 50);
    const metrics = start(3);
    await enqueue(`sha256:${'2'.repeat(64)}`);
    await until(async () => (await outbox.stats()).dead === 1);
    const [dead] = await outbox.deadLetters(10);
    expect(dead?.attempts).toBe(3);
    expect(dead?.lastError).toMatch(/GITHUB_UNREACHABLE/);
    expect((await metrics.deadLetters.get()).values[0]?.value).toBe(1);
    expect(github.issues('acme/shop')).toHaveLength(0);
    for (const line of log) expect(line).not.toContain(github.token);
    expect(log.some((line) => line.includes('escalation dead-lettered'))).toBe(true);
  });
});
