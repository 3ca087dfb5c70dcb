import type { FastifyReply } from 'fastify';
import type { RejectReason, ServeMetrics } from './metrics.js';

/** Refuses a request: the status, a one-line JSON error, `retry-after` when the sender should retry. */
export function refuse(
  reply: FastifyReply,
  metrics: ServeMetrics,
  status: number,
  reason: RejectReason,
  message: string,
  retryAfterSeconds?: number,
): FastifyReply {
  metrics.rejected.inc({ reason });
  if (retryAfterSeconds !== undefined) void reply.header('retry-after', String(retryAfterSeconds));
  return reply.code(status).send({ error: message, reason });
}
