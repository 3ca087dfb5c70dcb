import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '@trailmark/testing';
import { escalateJob, type EscalationDeps } from '../../src/serve/job-escalation.js';
import { createServeMetrics } from '../../src/serve/metrics.js';
import { JobFailure } from '../../src/serve/wait-hint.js';
import { incident } from '../escalate-incident.js';

// A job sent to a signed webhook: the incident JSON, the HMAC signature over it, and the job id in
// X-Trailmark-Delivery so a receiver can drop a redelivery.

const SECRET = 'webhook-secret-4c1e';
const JOB_ID = `sha256:${'7d'.repeat(32)}`;
let receiver: WebhookReceiver;
beforeEach(async () => {
  receiver = await startWebhookReceiver({ secret: SECRET });
});
afterEach(() => receiver.stop());

const deps = (): EscalationDeps => ({
  targets: [{ kind: 'webhook', url: receiver.url }],
  webhookSecret: SECRET,
  fetch: globalThis.fetch,
  metrics: createServeMetrics({
    queueDepth: () => Promise.resolve(0),
    deadLettered: () => Promise.resolve(0),
  }),
  webhookTimeoutMs: 2000,
  secrets: [SECRET],
});
const job = (subject = incident()) => ({
  id: JOB_ID,
  groupKey: subject.fingerprint,
  payload: JSON.stringify({ incident: subject }),
  receivedAt: new Date(),
  attempts: 1,
  state: 'inflight' as const,
  nextAttemptAt: new Date(),
});

describe('escalateJob to a webhook', () => {
  it('POSTs the signed incident with X-Trailmark-Delivery: <job id>', async () => {
    const result = await escalateJob(job(), deps());
    expect(result).toMatch(/^webhook http:\/\/127\.0\.0\.1:\d+\/hook: HTTP 204$/);
    const [delivery] = receiver.deliveries;
    expect(delivery?.verified).toBe(true);
    expect(delivery?.headers['x-trailmark-delivery']).toBe(JOB_ID);
    expect(JSON.parse(delivery?.body.toString() ?? '{}')).toMatchObject({
      fingerprint: incident().fingerprint,
    });
  });

  it('a receiver answering 503 fails the job once (the job is retried, not the request)', async () => {
    receiver.failNext(1, 503);
    await expect(escalateJob(job(), deps())).rejects.toBeInstanceOf(JobFailure);
    expect(receiver.deliveries).toHaveLength(1);
  });

  it('an unresolved incident has no owner to tell: done, nothing sent', async () => {
    const unresolved = incident({ resolution: { status: 'unresolved', reason: 'pod not found' } });
    expect(await escalateJob(job(unresolved), deps())).toBe(
      'not escalated: unresolved (pod not found)',
    );
    expect(receiver.deliveries).toHaveLength(0);
  });
});
