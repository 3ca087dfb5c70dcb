import { TrailmarkError, scrubSecrets, type InputErrorCode } from '@trailmark/core';
import { createGithubClient } from '@trailmark/github';
import type { Logger } from 'pino';
import type { TrailmarkConfig } from '../config.js';
import type { EscalationDeps } from './job-escalation.js';
import type { ServeMetrics } from './metrics.js';
import type { Outbox } from './outbox-port.js';
import { readSecretFile } from './secrets.js';
import { targetsOf, type ServeSettings } from './settings.js';

/** Options of {@link setUpEscalation}. */
export interface EscalationSetup {
  settings: ServeSettings;
  config: TrailmarkConfig;
  cwd: string;
  outbox: Outbox;
  metrics: ServeMetrics;
  logger: Logger;
  fetch?: typeof fetch;
}

/**
 * The targets and their credentials, checked before the server listens (exit 2): GitHub needs
 * `GITHUB_TOKEN`; a webhook needs `--webhook-secret-file`. The GitHub client retries within a job
 * (5xx, 429 after `retry-after`, rate-limit resets up to a minute); longer outages are the job's
 * retries.
 */
export async function setUpEscalation(setup: EscalationSetup): Promise<EscalationDeps> {
  const { settings, config, logger } = setup;
  const targets = targetsOf(settings.escalate);
  const secrets: string[] = [];
  let webhookSecret: string | undefined;
  if (targets.some((target) => target.kind === 'webhook')) {
    if (settings.webhookSecretFile === undefined)
      throw usage('serve: --escalate webhook=URL needs --webhook-secret-file FILE');
    webhookSecret = await readSecretFile(
      setup.cwd,
      settings.webhookSecretFile,
      'the webhook secret (--webhook-secret-file)',
    );
    secrets.push(webhookSecret);
  }
  const deps: EscalationDeps = {
    targets,
    fetch: setup.fetch ?? globalThis.fetch,
    metrics: setup.metrics,
    webhookTimeoutMs: 10_000,
    secrets,
    ...(webhookSecret === undefined ? {} : { webhookSecret }),
  };
  if (!targets.some((target) => target.kind === 'github')) return deps;
  const token = config.github.token;
  if (token === undefined) throw usage('serve: --escalate github needs a token in GITHUB_TOKEN');
  secrets.push(token);
  const warn = (text: string): void => {
    logger.warn(scrubSecrets(text, [token]));
  };
  const client = createGithubClient({
    token,
    baseUrl: config.github.apiUrl,
    serverUrl: config.github.serverUrl,
    log: { debug: () => undefined, info: () => undefined, warn, error: warn },
    now: () => config.clock().getTime(),
    ...(setup.fetch === undefined ? {} : { fetch: setup.fetch }),
  });
  const host = new URL(config.github.serverUrl).hostname.toLowerCase();
  return {
    ...deps,
    github: { client, refs: setup.outbox, host, labels: settings.labels },
  };
}

function usage(message: string): TrailmarkError<InputErrorCode> {
  return new TrailmarkError<InputErrorCode>('INPUT_USAGE', message);
}
