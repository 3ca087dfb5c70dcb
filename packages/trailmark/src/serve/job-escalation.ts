import { scrubSecrets, type Incident } from '@trailmark/core';
import { renderIncidentJson, renderIncidentMarkdown } from '@trailmark/report';
import { deliver } from '../escalate-deliver.js';
import { parseEndpoint, signedDelivery } from '../escalate-webhook.js';
import { escalateJobToGithub, type GithubTarget } from './github-job.js';
import type { WriteGuard } from './lease-guard.js';
import type { JobPayload } from './accept.js';
import type { ServeMetrics } from './metrics.js';
import type { ClaimedJob } from './outbox-port.js';
import type { ServeTarget } from './settings.js';
import { JobFailure, createHintingFetch } from './wait-hint.js';

/** What escalating a job to every target needs. */
export interface EscalationDeps {
  targets: readonly ServeTarget[];
  /** Undefined when no target is GitHub. */
  github?: GithubTarget;
  webhookSecret?: string;
  fetch: typeof fetch;
  metrics: ServeMetrics;
  webhookTimeoutMs: number;
  /** Secret values to keep out of results and errors. */
  secrets: readonly string[];
}

/**
 * Sends one job to every target, in order, and returns one line per target for the outbox's
 * result. An unresolved incident has no owner to tell: done, with that said. Throws on the first
 * failure — the job is retried; targets already done are idempotent on the way back (GitHub: the
 * alert marker; webhook: `X-Trailmark-Delivery: <job id>` for the receiver to dedupe).
 */
export async function escalateJob(
  job: ClaimedJob,
  deps: EscalationDeps,
  beforeWrite: WriteGuard = () => Promise.resolve(),
): Promise<string> {
  const { incident } = JSON.parse(job.payload) as JobPayload;
  if (incident.resolution.status !== 'resolved')
    return `not escalated: unresolved (${incident.resolution.reason ?? 'no workload'})`;
  const lines: string[] = [];
  for (const target of deps.targets) {
    const name = target.kind;
    try {
      lines.push(await sendTo(target, job, incident, deps, beforeWrite));
      deps.metrics.escalated.inc({ target: name, outcome: 'ok' });
    } catch (error) {
      deps.metrics.escalated.inc({ target: name, outcome: 'error' });
      throw error;
    }
  }
  return scrubSecrets(lines.join('; '), [...deps.secrets]);
}

async function sendTo(
  target: ServeTarget,
  job: ClaimedJob,
  incident: Incident,
  deps: EscalationDeps,
  beforeWrite: WriteGuard,
): Promise<string> {
  if (target.kind === 'github') {
    if (deps.github === undefined) throw new Error('GitHub escalation is not configured');
    const { newClient, ...target } = deps.github;
    const { client, waitMs } = newClient();
    try {
      const markdown = renderIncidentMarkdown(incident);
      const context = { ...target, client, beforeWrite };
      const sent = await escalateJobToGithub(job, incident, markdown, context);
      return `github ${sent.outcome}: ${sent.detail}`;
    } catch (error) {
      throw new JobFailure(error, waitMs());
    }
  }
  const endpoint = parseEndpoint(target.url);
  const payload = new TextEncoder().encode(renderIncidentJson(incident));
  const delivery = signedDelivery(endpoint, deps.webhookSecret ?? '', payload, {
    'X-Trailmark-Delivery': job.id,
  });
  await beforeWrite();
  const hinting = createHintingFetch(deps.fetch, Date.now);
  const status = await deliver(delivery, {
    fetch: hinting.fetch,
    sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
    timeoutMs: deps.webhookTimeoutMs,
    warnings: [],
    attempts: 1,
  }).catch((error: unknown) => {
    throw new JobFailure(error, hinting.waitMs());
  });
  return `webhook ${endpoint.shown}: HTTP ${String(status)}`;
}
