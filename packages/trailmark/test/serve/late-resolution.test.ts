import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident } from '@trailmark/core';
import { openOutbox, type Outbox } from '@trailmark/store';
import { createTempDir, type TempDir } from '@trailmark/testing';
import { resolveLate, type LateResolution } from '../../src/serve/late-resolution.js';
import { FINGERPRINT, incident } from '../escalate-incident.js';

// Alerts on a pod the view does not have yet, over a real SQLite outbox: traced again while
// young, put back under the resolved fingerprint, escalated unresolved once too old.

const T0 = new Date('2026-12-06T02:00:00.000Z');
const POD_GROUP = `sha256:${'0'.repeat(64)}`;
let dir: TempDir;
let outbox: Outbox;

beforeEach(async () => {
  dir = await createTempDir('trailmark-serve-late-');
  outbox = await openOutbox(`sqlite:${join(dir.path, 'outbox.db')}`);
});
afterEach(async () => {
  await outbox.close();
  await dir.cleanup();
});

const unresolved = (): Incident => {
  const rest: Incident = { ...incident() };
  delete rest.workload;
  return {
    ...rest,
    fingerprint: POD_GROUP,
    resolution: { status: 'unresolved', reason: 'pod shop/api-7d9f8b6c5-x2x9k not found' },
  };
};
const claimOne = async (incidentNow: Incident, at = T0) => {
  await outbox.enqueue([
    {
      id: 'job-1',
      groupKey: incidentNow.fingerprint,
      payload: JSON.stringify({ incident: incidentNow }),
      receivedAt: T0,
    },
  ]);
  const [job] = await outbox.claim('me', 1, at, 30_000);
  if (job === undefined) throw new Error('nothing claimed');
  return job;
};
const late = (view: () => Incident): LateResolution & { calls: number } => {
  const result = {
    calls: 0,
    graceMs: 60_000,
    retrace: () => {
      result.calls++;
      return view();
    },
  };
  return result;
};

describe('resolveLate', () => {
  it('escalates a resolved incident as it is, without tracing again', async () => {
    const view = late(unresolved);
    const job = await claimOne(incident());
    expect(await resolveLate(job, view, outbox, 'me', T0.getTime())).toEqual({
      action: 'escalate',
    });
    expect(view.calls).toBe(0);
  });

  it('puts a job back under the fingerprint once its pod is in the view, the claim not counted', async () => {
    const job = await claimOne(unresolved());
    const outcome = await resolveLate(job, late(incident), outbox, 'me', T0.getTime() + 2000);
    expect(outcome).toEqual({ action: 'resolved', groupKey: FINGERPRINT });
    const [again] = await outbox.claim('me', 1, new Date(T0.getTime() + 2000), 30_000);
    expect(again).toMatchObject({ id: 'job-1', groupKey: FINGERPRINT, attempts: 1 });
    const payload = JSON.parse(again?.payload ?? '{}') as { incident: Incident };
    expect(payload.incident.resolution.status).toBe('resolved');
  });

  it('waits, longer as the alert ages, while the pod is still missing', async () => {
    const job = await claimOne(unresolved());
    const now = T0.getTime() + 10_000;
    const outcome = await resolveLate(job, late(unresolved), outbox, 'me', now);
    expect(outcome).toEqual({ action: 'wait', until: new Date(now + 5000) });
    expect(await outbox.claim('me', 1, new Date(now + 4999), 30_000)).toEqual([]);
    const [again] = await outbox.claim('me', 1, new Date(now + 5000), 30_000);
    expect(again).toMatchObject({ groupKey: POD_GROUP, attempts: 1 });
  });

  it('escalates unresolved once the grace period is over', async () => {
    const job = await claimOne(unresolved());
    const view = late(incident);
    const outcome = await resolveLate(job, view, outbox, 'me', T0.getTime() + 60_000);
    expect(outcome).toEqual({ action: 'escalate' });
    expect(view.calls).toBe(0);
  });

  it('does nothing with a job whose lease was taken over', async () => {
    const job = await claimOne(unresolved());
    await outbox.claim('other', 1, new Date(T0.getTime() + 30_000), 30_000);
    const outcome = await resolveLate(job, late(incident), outbox, 'me', T0.getTime() + 30_000);
    expect(outcome).toEqual({ action: 'lost' });
  });
});
