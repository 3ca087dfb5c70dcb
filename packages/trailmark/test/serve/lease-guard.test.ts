import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGithubClient } from '@trailmark/github';
import { openOutbox, type Outbox } from '@trailmark/store';
import { createTempDir, startFakeGithub, type FakeGithub, type TempDir } from '@trailmark/testing';
import { escalateJobToGithub } from '../../src/serve/github-job.js';
import { createOpenIssueIndex } from '../../src/serve/issue-index.js';
import { LeaseLostError, isLeaseLost, leaseGuard } from '../../src/serve/lease-guard.js';
import { JobFailure } from '../../src/serve/wait-hint.js';
import { FINGERPRINT, incident, markdownOf } from '../escalate-incident.js';

// A worker whose lease ran out (a slow renewal) and was taken over writes nothing: the lease is
// renewed right before each write, over a real SQLite outbox and the fake GitHub API.

const T0 = new Date('2026-12-06T02:00:00.000Z');
let dir: TempDir;
let outbox: Outbox;
let github: FakeGithub;
beforeEach(async () => {
  dir = await createTempDir('trailmark-serve-lease-');
  outbox = await openOutbox(`sqlite:${join(dir.path, 'outbox.db')}`);
  github = await startFakeGithub();
});
afterEach(async () => {
  await outbox.close();
  await github.stop();
  await dir.cleanup();
});

const claim = async () => {
  const payload = JSON.stringify({ incident: incident() });
  await outbox.enqueue([{ id: 'job-1', groupKey: FINGERPRINT, payload, receivedAt: T0 }]);
  const [job] = await outbox.claim('me', 1, T0, 2000);
  if (job === undefined) throw new Error('nothing claimed');
  return job;
};

describe('leaseGuard', () => {
  it('renews a lease still held, extending it by a whole lease', async () => {
    const job = await claim();
    await leaseGuard(job, outbox, 'me', 2000, () => T0.getTime() + 1500)();
    expect(await outbox.claim('other', 1, new Date(T0.getTime() + 3000), 2000)).toEqual([]);
  });

  it('throws once another worker took the job over, and nothing is posted', async () => {
    const job = await claim();
    await outbox.claim('other', 1, new Date(T0.getTime() + 2000), 2000);
    const guard = leaseGuard(job, outbox, 'me', 2000, () => T0.getTime() + 2100);
    const context = {
      client: createGithubClient({ token: github.token, baseUrl: github.url, retries: 0 }),
      refs: outbox,
      host: 'github.com',
      issues: createOpenIssueIndex(),
      beforeWrite: guard,
    };
    const sending = escalateJobToGithub(job, incident(), markdownOf(incident()), context);
    await expect(sending).rejects.toBeInstanceOf(LeaseLostError);
    expect(github.requests.filter((request) => request.method === 'POST')).toEqual([]);
    expect(isLeaseLost(new JobFailure(new LeaseLostError('x'), undefined))).toBe(true);
    expect(isLeaseLost(new Error('GitHub answered 502'))).toBe(false);
  });
});
