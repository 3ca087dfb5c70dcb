import { isTrailmarkError, scrubSecrets } from '@trailmark/core';
import type { FastifyReply } from 'fastify';
import { QueueFullError } from './commit-queue.js';
import type { HttpDeps } from './http-server.js';
import { refuse } from './responses.js';

/**
 * Maps what a request can fail on to its status: Fastify's body limit (413), content type (415),
 * request timeout (408); the alert parsers' errors, which name `<request>:LINE` (400, or 415 for
 * a document of no known format); the full commit queue (429); the store refusing (503 — the
 * sender retries, nothing was acknowledged).
 */
export function handleError(error: unknown, reply: FastifyReply, deps: HttpDeps): FastifyReply {
  const { metrics } = deps;
  const code = (error as { code?: unknown }).code;
  if (error instanceof QueueFullError)
    return refuse(reply, metrics, 429, 'queue_full', 'too many alerts waiting; retry', 1);
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return refuse(
      reply,
      metrics,
      413,
      'too_large',
      `body larger than ${String(deps.maxBody)} bytes`,
    );
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH')
    return refuse(reply, metrics, 415, 'unsupported', 'send application/json');
  if (isTrailmarkError(error)) {
    if (error.code === 'TRACE_ALERT_FORMAT_UNKNOWN')
      return refuse(reply, metrics, 415, 'unsupported', error.message);
    if (error.code === 'TRACE_ALERT_PARSE' || error.code.startsWith('INPUT_'))
      return refuse(reply, metrics, 400, 'malformed', error.message);
    deps.logger.error({ code: error.code }, scrubSecrets(error.message));
    return refuse(reply, metrics, 503, 'store_error', 'the alert could not be stored; retry', 5);
  }
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500)
    return refuse(reply, metrics, status, 'malformed', scrubSecrets((error as Error).message));
  deps.logger.error({ err: scrubError(error) }, 'request failed');
  return refuse(reply, metrics, 503, 'store_error', 'the alert could not be stored; retry', 5);
}

function scrubError(error: unknown): { message: string } {
  return { message: scrubSecrets(error instanceof Error ? error.message : String(error)) };
}
