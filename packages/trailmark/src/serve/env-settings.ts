import type { Environment } from '../run-facts.js';

/** How each `TRAILMARK_SERVE_*` variable maps onto a setting. */
const VARIABLES = {
  LISTEN: ['listen', 'string'],
  TOKEN_FILE: ['tokenFile', 'string'],
  HMAC_SECRET_FILE: ['hmacSecretFile', 'string'],
  STORE: ['store', 'string'],
  ESCALATE: ['escalate', 'list'],
  WEBHOOK_SECRET_FILE: ['webhookSecretFile', 'string'],
  LABEL: ['labels', 'list'],
  MAX_BODY: ['maxBody', 'number'],
  QUEUE_SIZE: ['queueSize', 'number'],
  MAX_ATTEMPTS: ['maxAttempts', 'number'],
  WORKERS: ['workers', 'number'],
  REQUEST_TIMEOUT_MS: ['requestTimeoutMs', 'number'],
  LEASE_MS: ['leaseMs', 'number'],
  SHUTDOWN_TIMEOUT_MS: ['shutdownTimeoutMs', 'number'],
  RETAIN_DONE: ['retainDone', 'string'],
  SNAPSHOT: ['snapshot', 'string'],
  CONTEXT: ['context', 'string'],
  BUNDLES: ['bundles', 'list'],
  POLICY: ['policy', 'string'],
  KEY: ['keys', 'list'],
  TRUSTED_ROOT: ['trustedRoot', 'string'],
} as const;

/** The `TRAILMARK_SERVE_*` variables serve reads (`TRAILMARK_SERVE_CONFIG` names the config file). */
export const SERVE_ENV_VARIABLES = Object.keys(VARIABLES).map((name) => `TRAILMARK_SERVE_${name}`);

/**
 * The settings the environment sets: `TRAILMARK_SERVE_<NAME>` (lists comma-separated, numbers as
 * written — a non-number is kept as text so the schema names it), plus `TRAILMARK_STORE_URL`
 * (below `TRAILMARK_SERVE_STORE`). Empty variables are unset.
 */
export function settingsFromEnv(env: Environment): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const storeUrl = env.TRAILMARK_STORE_URL;
  if (storeUrl !== undefined && storeUrl !== '') out.store = storeUrl;
  for (const [name, [key, kind]] of Object.entries(VARIABLES)) {
    const value = env[`TRAILMARK_SERVE_${name}`];
    if (value === undefined || value === '') continue;
    out[key] =
      kind === 'list'
        ? value
            .split(',')
            .map((item) => item.trim())
            .filter((item) => item !== '')
        : kind === 'number' && /^\d+$/.test(value.trim())
          ? Number(value.trim())
          : value;
  }
  return out;
}
