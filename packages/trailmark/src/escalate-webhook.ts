import { createHmac } from 'node:crypto';
import { resolve } from 'node:path';
import { TrailmarkError, type Incident, type InputErrorCode } from '@trailmark/core';
import { planWebhook } from '@trailmark/trace';
import { deliver, type Delivery } from './escalate-deliver.js';
import type {
  EscalateOptions,
  EscalationTarget,
  WebhookEscalationResult,
} from './escalate-types.js';
import { readText } from './read-file.js';

type WebhookTarget = Extract<EscalationTarget, { kind: 'webhook' }>;

/**
 * Escalates to a webhook: the plan (URL, payload bytes, header) on a dry run; with `send`, POSTs
 * the incident JSON signed with `X-Trailmark-Signature-256: sha256=<hex HMAC-SHA256 of the body>`.
 */
export async function escalateToWebhook(
  incident: Incident,
  target: WebhookTarget,
  options: EscalateOptions,
): Promise<WebhookEscalationResult> {
  const plan = planWebhook(incident, options.json);
  const endpoint = parseEndpoint(target.url);
  const result: WebhookEscalationResult = {
    target: 'webhook',
    outcome: 'planned',
    summary: `dry run: would POST ${String(plan.payload.length)} bytes of incident JSON to ${endpoint.shown}, signed in ${plan.signatureHeader}; --send to send`,
    url: endpoint.shown,
    payload: plan.payload,
    contentType: plan.contentType,
    signatureHeader: plan.signatureHeader,
    fingerprint: plan.fingerprint,
    warnings: [],
  };
  if (!options.send) return result;
  const secret = await readSecret(options.cwd, target.secretFile);
  const delivery = signedDelivery(endpoint, secret, plan.payload);
  const status = await deliver(delivery, {
    fetch: options.fetch ?? globalThis.fetch,
    sleep: options.sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms))),
    timeoutMs: options.webhookTimeoutMs ?? 10_000,
    warnings: result.warnings,
  });
  return {
    ...result,
    outcome: 'delivered',
    status,
    summary: `delivered the incident to ${endpoint.shown} (HTTP ${String(status)})`,
  };
}

/**
 * The signed POST of `payload` (incident JSON) to `endpoint`: `X-Trailmark-Signature-256:
 * sha256=<hex HMAC-SHA256 of the bytes>`, plus `extra` headers (serve's `X-Trailmark-Delivery`).
 */
export function signedDelivery(
  endpoint: Endpoint,
  secret: string,
  payload: Uint8Array,
  extra: Record<string, string> = {},
): Delivery {
  const signature = `sha256=${createHmac('sha256', secret).update(payload).digest('hex')}`;
  return {
    ...endpoint,
    body: payload,
    headers: {
      'content-type': 'application/json',
      'X-Trailmark-Signature-256': signature,
      'user-agent': 'trailmark',
      ...extra,
      ...(endpoint.authorization === undefined ? {} : { authorization: endpoint.authorization }),
    },
  };
}

/** A webhook URL split into what is requested, what is shown, and its credentials. */
export interface Endpoint {
  /** The URL fetched: no `user:password@` (fetch refuses them). */
  href: string;
  /** For messages: origin and path only (a query may carry a token). */
  shown: string;
  authorization?: string;
}

/** Splits a webhook URL (`INPUT_USAGE` unless http(s)); credentials become a Basic header. */
export function parseEndpoint(url: string): Endpoint {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw usage('the webhook URL is not a URL (expected http(s)://HOST/PATH)');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw usage(`the webhook URL must be http(s), not ${parsed.protocol}`);
  const shown = `${parsed.origin}${parsed.pathname}${parsed.search === '' ? '' : '?…'}`;
  const credentials =
    parsed.username === '' && parsed.password === ''
      ? undefined
      : `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  parsed.username = '';
  parsed.password = '';
  return {
    href: parsed.href,
    shown,
    ...(credentials === undefined
      ? {}
      : { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` }),
  };
}

// The secret is a file so it stays out of argv and shell history; editors add a final newline.
async function readSecret(cwd: string, file: string): Promise<string> {
  const text = await readText(resolve(cwd, file), {
    path: file,
    expected: 'the webhook secret (--webhook-secret-file)',
  });
  const secret = text.replace(/\r?\n$/, '');
  if (secret === '')
    throw new TrailmarkError<InputErrorCode>(
      'INPUT_INVALID',
      `${file}: the webhook secret is empty`,
    );
  return secret;
}

function usage(message: string): TrailmarkError<InputErrorCode> {
  return new TrailmarkError<InputErrorCode>('INPUT_USAGE', message);
}
