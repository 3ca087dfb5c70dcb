import { TrailmarkError } from '@trailmark/core';

/**
 * Error codes of webhook escalation (service errors: exit 3). `WEBHOOK_UNREACHABLE`: no answer
 * (connection refused, timeout) or 5xx after every attempt; `WEBHOOK_REJECTED`: any other non-2xx
 * answer (a 401 from a receiver that did not accept the signature, a redirect, a 404).
 */
export type WebhookErrorCode = 'WEBHOOK_UNREACHABLE' | 'WEBHOOK_REJECTED';

/** A webhook delivery that failed. Names the URL without credentials or query; never the secret. */
export class WebhookError extends TrailmarkError<WebhookErrorCode> {}
