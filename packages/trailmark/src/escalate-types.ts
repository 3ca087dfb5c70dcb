import type { Environment } from './run-facts.js';

/** Where an incident is escalated: the source repository's issues, or a signed webhook. */
export type EscalationTarget =
  | { kind: 'github' }
  | {
      kind: 'webhook';
      /** `http(s)://HOST/PATH`; `user:password@` becomes a Basic `authorization` header. */
      url: string;
      /** File holding the HMAC-SHA256 secret (one trailing newline trimmed); relative to `cwd`. */
      secretFile: string;
    };

/** Options of `escalate`. */
export interface EscalateOptions {
  /** The incident rendered as Markdown (the issue body). */
  markdown: string;
  /** The incident rendered as JSON (the webhook payload, sent byte for byte). */
  json: string;
  targets: readonly EscalationTarget[];
  /** False (the CLI's default): plan only, nothing leaves the machine. */
  send: boolean;
  cwd: string;
  /** `GITHUB_TOKEN`, `GITHUB_API_URL`, `GITHUB_SERVER_URL` are read from here, via `resolveConfig`. */
  env: Environment;
  /** Issue labels besides `trailmark` (default `security` and `severity:<severity>`). */
  labels?: readonly string[] | undefined;
  /** fetch for GitHub and webhooks (tests; default the global one). */
  fetch?: typeof fetch;
  /** Waits between retries (tests record them; default a timer). */
  sleep?: (ms: number) => Promise<void>;
  /** Per-attempt webhook timeout (default 10 s). */
  webhookTimeoutMs?: number;
}

/** What was (or would be) done on GitHub. */
export interface GithubEscalationResult {
  target: 'github';
  /** `planned`: dry run; `skipped`: the incident has no GitHub repository (see `reason`). */
  outcome: 'planned' | 'created' | 'commented' | 'skipped';
  /** One line for the user. */
  summary: string;
  /** `owner/repo`, when the incident has one. */
  repository?: string;
  reason?: string;
  title: string;
  labels: string[];
  /** The body of the issue (created or planned), or of the comment made. */
  body: string;
  fingerprint: string;
  /** The issue opened or commented on (web URL). */
  issueUrl?: string;
  /** The comment made (web URL). */
  commentUrl?: string;
  /** Retries and fallbacks the user should know about. */
  warnings: string[];
}

/** What was (or would be) POSTed to a webhook. */
export interface WebhookEscalationResult {
  target: 'webhook';
  outcome: 'planned' | 'delivered';
  summary: string;
  /** The URL without credentials or query. */
  url: string;
  /** The exact bytes signed and POSTed. */
  payload: Uint8Array;
  contentType: 'application/json';
  signatureHeader: 'X-Trailmark-Signature-256';
  fingerprint: string;
  /** The receiver's HTTP status, once delivered. */
  status?: number;
  warnings: string[];
}

/** One result per target, in the order of the targets. */
export type EscalationResult = GithubEscalationResult | WebhookEscalationResult;
