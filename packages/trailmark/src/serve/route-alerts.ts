import type { FastifyInstance } from 'fastify';
import { jobsOfRequest } from './accept.js';
import type { HttpDeps } from './http-server.js';
import { refuse } from './responses.js';

/**
 * `POST /v1/alerts`: signature (when required), parse, trace against the current view, commit
 * the jobs — and only then `202 {"accepted":N,"duplicates":M}`.
 */
export function alertsRoute(app: FastifyInstance, deps: HttpDeps): void {
  const { metrics } = deps;
  app.post('/v1/alerts', async (request, reply) => {
    const body = request.body;
    if (!(body instanceof Buffer) || body.length === 0)
      return refuse(reply, metrics, 400, 'malformed', '<request>:1: empty body');
    if (!deps.auth.signature(headerOf(request.headers['x-trailmark-signature-256']), body))
      return refuse(
        reply,
        metrics,
        401,
        'bad_signature',
        'missing or wrong X-Trailmark-Signature-256',
      );
    if (!deps.view.ready)
      return refuse(reply, metrics, 503, 'not_ready', 'the cluster view is not synced yet', 5);
    const jobs = jobsOfRequest(body.toString('utf8'), deps.view.tracer(), deps.now());
    metrics.received.inc(jobs.length);
    const committed = await deps.queue.submit(jobs);
    metrics.accepted.inc(committed.accepted);
    metrics.duplicates.inc(committed.duplicates);
    if (committed.accepted > 0) deps.onCommitted();
    return reply.code(202).send(committed);
  });
}

function headerOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
