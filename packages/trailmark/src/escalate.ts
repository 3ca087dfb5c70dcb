import type { Incident } from '@trailmark/core';
import { resolveConfig } from './config.js';
import { escalateToGithub } from './escalate-github.js';
import type { EscalateOptions, EscalationResult } from './escalate-types.js';
import { escalateToWebhook } from './escalate-webhook.js';

export type { WebhookErrorCode } from './escalate-error.js';
export { WebhookError } from './escalate-error.js';
export type {
  EscalateOptions,
  EscalationResult,
  EscalationTarget,
  GithubEscalationResult,
  WebhookEscalationResult,
} from './escalate-types.js';

/**
 * `trailmark trace --escalate`: tells an incident's owners, one result per target in order.
 * Without `send` it is a dry run — the issue (repository, title, labels, body) or the webhook
 * delivery (URL, payload bytes, signature header) that would be sent, and no network call. With
 * `send`: GitHub — the open issue carrying the incident's fingerprint marker gets a comment, else
 * an issue is opened (so two runs for one incident make one issue); webhook — a signed POST.
 * Targets are sent in order; the first failure throws (`GITHUB_*`, `WEBHOOK_*`: service errors).
 * The GitHub token and the webhook secret never appear in a result, warning or message.
 */
export async function escalate(
  incident: Incident,
  options: EscalateOptions,
): Promise<EscalationResult[]> {
  const config = await resolveConfig({ env: options.env });
  const results: EscalationResult[] = [];
  for (const target of options.targets) {
    // Sequential on purpose: a second target is not tried after the first failed to send.
    results.push(
      target.kind === 'github'
        ? await escalateToGithub(incident, options, config)
        : await escalateToWebhook(incident, target, options),
    );
  }
  return results;
}
