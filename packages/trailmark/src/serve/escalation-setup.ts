import { TrailmarkError, scrubSecrets, type InputErrorCode } from '@trailmark/core';
import { createGithubClient } from '@trailmark/github';
import type { Logger } from 'pino';
import type { TrailmarkConfig } from '../config.js';
import type { GithubClientHandle } from './github-job.js';
import { createOpenIssueIndex } from './issue-index.js';
import type { EscalationDeps } from './job-escalation.js';
import type { ServeMetrics } from './metrics.js';
import type { Outbox } from './outbox-port.js';
import { readSecretFile } from './secrets.js';
import { createHintingFetch } from './wait-hint.js';
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
 * `GITHUB_TOKEN`; a webhook needs `--webhook-secret-file`. Failures are retried as jobs.
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
  const host = new URL(config.github.serverUrl).hostname.toLowerCase();
  const base = setup.fetch ?? globalThis.fetch;
  // A client per job, with no retries of its own: a POST retried after a 5xx could open a second
  // issue; the job's retry looks for its alert marker first. Its fetch keeps GitHub's wait hints.
  const newClient = (): GithubClientHandle => {
    const hinting = createHintingFetch(base, () => config.clock().getTime());
    const client = createGithubClient({
      token,
      baseUrl: config.github.apiUrl,
      serverUrl: config.github.serverUrl,
      retries: 0,
      log: { debug: () => undefined, info: () => undefined, warn, error: warn },
      now: () => config.clock().getTime(),
      fetch: hinting.fetch,
    });
    return { client, waitMs: hinting.waitMs };
  };
  return {
    ...deps,
    github: {
      newClient,
      refs: setup.outbox,
      host,
      labels: settings.labels,
      issues: createOpenIssueIndex(),
    },
  };
}

function usage(message: string): TrailmarkError<InputErrorCode> {
  return new TrailmarkError<InputErrorCode>('INPUT_USAGE', message);
}
