import { foreignCause } from '@trailmark/core';
import { WebhookError } from './escalate-error.js';

/** One signed POST. */
export interface Delivery {
  href: string;
  /** The URL as messages show it (no credentials, no query). */
  shown: string;
  body: Uint8Array;
  headers: Record<string, string>;
}

/** How a delivery is attempted. */
export interface DeliveryPolicy {
  fetch: typeof fetch;
  sleep(ms: number): Promise<void>;
  timeoutMs: number;
  /** Retry notes go here. */
  warnings: string[];
  /** Attempts before failing (default 3; serve passes 1 and retries the job instead). */
  attempts?: number;
}

const ATTEMPTS = 3;
/** Longest `retry-after` honoured; a longer one fails at once. */
const MAX_WAIT_MS = 60_000;

/**
 * POSTs `delivery` and returns the 2xx status. No answer, a timeout, a 5xx or a 429 is retried
 * (after `retry-after`, else 1 s then 2 s) up to three attempts; any other answer — a 4xx such as
 * a signature the receiver refused, or a redirect, which is not followed so the signed incident
 * never goes elsewhere — fails at once.
 */
export async function deliver(delivery: Delivery, policy: DeliveryPolicy): Promise<number> {
  for (let attempt = 1; ; attempt += 1) {
    const answer = await post(delivery, policy);
    if (answer.status !== undefined && answer.status >= 200 && answer.status < 300)
      return answer.status;
    const wait = retryWait(answer, attempt, policy.attempts ?? ATTEMPTS);
    const what = describe(answer, policy.timeoutMs);
    if (wait === undefined) throw failure(delivery, answer, what, attempt);
    policy.warnings.push(
      `webhook ${delivery.shown} ${what}; retry ${String(attempt)} of ${String((policy.attempts ?? ATTEMPTS) - 1)} in ${String(wait)} ms`,
    );
    await policy.sleep(wait);
  }
}

interface Answer {
  status?: number;
  retryAfter?: string | null;
  error?: unknown;
}

async function post(delivery: Delivery, policy: DeliveryPolicy): Promise<Answer> {
  try {
    const response = await policy.fetch(delivery.href, {
      method: 'POST',
      headers: delivery.headers,
      body: delivery.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(policy.timeoutMs),
    });
    // The receiver's body is not ours to show: drained and dropped.
    await response.arrayBuffer().catch(() => undefined);
    return { status: response.status, retryAfter: response.headers.get('retry-after') };
  } catch (error) {
    return { error };
  }
}

function describe(answer: Answer, timeoutMs: number): string {
  if (answer.status !== undefined) return `answered HTTP ${String(answer.status)}`;
  const name = (answer.error as { name?: unknown } | null)?.name;
  return name === 'TimeoutError'
    ? `did not answer within ${String(timeoutMs)} ms`
    : 'could not be reached';
}

function retryWait(answer: Answer, attempt: number, attempts: number): number | undefined {
  if (attempt >= attempts) return undefined;
  const { status } = answer;
  if (status !== undefined && status < 500 && status !== 429) return undefined;
  const asked = Number(answer.retryAfter);
  const wait =
    answer.retryAfter !== null && answer.retryAfter !== undefined && Number.isFinite(asked)
      ? Math.max(0, asked) * 1000
      : 1000 * 2 ** (attempt - 1);
  return wait <= MAX_WAIT_MS ? wait : undefined;
}

function failure(delivery: Delivery, answer: Answer, what: string, attempt: number): WebhookError {
  const rejected = answer.status !== undefined && answer.status < 500 && answer.status !== 429;
  const tries = attempt > 1 ? ` after ${String(attempt)} attempts` : '';
  return new WebhookError(
    rejected ? 'WEBHOOK_REJECTED' : 'WEBHOOK_UNREACHABLE',
    `webhook ${delivery.shown} ${what}${tries}; the incident was not delivered`,
    answer.error === undefined ? {} : { cause: foreignCause(answer.error) },
  );
}
