/** Where an accepted alert's incident goes. */
export type ServeTarget = { kind: 'github' } | { kind: 'webhook'; url: string };

/**
 * serve's settings, merged from flags > `TRAILMARK_SERVE_*` > `--config FILE` > defaults and
 * validated by `schemas/serve-config.v1.schema.json`. File paths are relative to the working
 * directory (those of the config file: relative to the file).
 */
export interface ServeSettings {
  /** `HOST:PORT` (default `127.0.0.1:8080`). */
  listen: string;
  tokenFile: string;
  hmacSecretFile?: string;
  /** `sqlite:PATH` or `postgres://…` (default `sqlite:./trailmark-serve.db`). */
  store: string;
  /** `github` / `webhook=URL` (none: incidents are traced and recorded, nothing is sent). */
  escalate: string[];
  webhookSecretFile?: string;
  labels: string[];
  /** Largest request body in bytes (default 1 MiB). */
  maxBody: number;
  /** Alerts waiting in memory for their commit; beyond, 429 (default 10,000). */
  queueSize: number;
  /** Claims of a job before it is dead-lettered (default 8). */
  maxAttempts: number;
  /** Concurrent escalation workers (default 2; 0: accept only, another replica escalates). */
  workers: number;
  requestTimeoutMs: number;
  /** How long a claimed job is leased; a crashed worker's jobs are taken over after it (default 60 s). */
  leaseMs: number;
  /** How long done jobs are kept: `<n>ms|s|m|h|d`, `0` forever (default `7d`). */
  retainDone: string;
  /** How long SIGTERM waits for requests and jobs in flight (default 20 s). */
  shutdownTimeoutMs: number;
  snapshot?: string;
  kubeconfig?: string;
  context?: string;
  bundles: string[];
  policy?: string;
  keys: string[];
  trustedRoot?: string;
}

/** The defaults (design: serve-config.v1). */
export const SERVE_DEFAULTS = {
  listen: '127.0.0.1:8080',
  store: 'sqlite:./trailmark-serve.db',
  escalate: [] as string[],
  labels: [] as string[],
  maxBody: 1024 * 1024,
  queueSize: 10_000,
  maxAttempts: 8,
  workers: 2,
  requestTimeoutMs: 10_000,
  leaseMs: 60_000,
  shutdownTimeoutMs: 20_000,
  retainDone: '7d',
  bundles: [] as string[],
  keys: [] as string[],
} as const;

/** Keys that hold paths: relative ones in a config file are resolved against the file's directory. */
export const PATH_KEYS = [
  'tokenFile',
  'hmacSecretFile',
  'webhookSecretFile',
  'snapshot',
  'kubeconfig',
  'policy',
  'trustedRoot',
] as const;

/** Keys that hold lists of paths. */
export const PATH_LIST_KEYS = ['bundles', 'keys'] as const;

/** The escalation targets of `escalate` (validated by the schema first). */
export function targetsOf(escalate: readonly string[]): ServeTarget[] {
  return escalate.map((value) =>
    value === 'github'
      ? { kind: 'github' }
      : { kind: 'webhook', url: value.slice('webhook='.length) },
  );
}
