import { LogController, fastify, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { RequestAuth } from './auth.js';
import type { CommitQueue } from './commit-queue.js';
import { handleError } from './http-errors.js';
import type { ServeMetrics } from './metrics.js';
import type { Outbox } from './outbox-port.js';
import { refuse } from './responses.js';
import { alertsRoute } from './route-alerts.js';
import { probeRoutes } from './route-probes.js';
import type { ServeView } from './view.js';

/** What the HTTP layer works with. */
export interface HttpDeps {
  auth: RequestAuth;
  metrics: ServeMetrics;
  view: ServeView;
  queue: CommitQueue;
  /** Jobs were committed (workers look at once). */
  onCommitted: () => void;
  outbox: Outbox;
  logger: Logger;
  /** True once SIGTERM arrived: new alerts get 503 while in-flight requests finish. */
  draining: () => boolean;
  maxBody: number;
  requestTimeoutMs: number;
  now: () => Date;
}

/** Content types read as alert bodies (falcosidekick and Alertmanager send application/json). */
const BODY_TYPES = ['application/json', 'application/x-ndjson', 'application/jsonl'];

/**
 * The Fastify app: `POST /v1/alerts` behind the bearer token (checked before the body is read)
 * and the optional HMAC signature; `/healthz`, `/readyz`, `/metrics` open, as probes and
 * Prometheus expect. Bodies are kept as bytes (the signature is over the bytes as sent).
 */
export function createHttpServer(deps: HttpDeps): FastifyInstance {
  // Fastify's logger type is pino's, less its generics.
  const loggerInstance: FastifyBaseLogger = deps.logger;
  const app = fastify({
    loggerInstance,
    bodyLimit: deps.maxBody,
    requestTimeout: deps.requestTimeoutMs,
    connectionTimeout: deps.requestTimeoutMs * 2,
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(BODY_TYPES, { parseAs: 'buffer' }, (_request, body, done) => {
    done(null, body);
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/v1/')) return;
    if (!deps.auth.bearer(request.headers.authorization)) {
      void reply.header('www-authenticate', 'Bearer');
      return refuse(reply, deps.metrics, 401, 'unauthorized', 'missing or wrong bearer token');
    }
    if (deps.draining())
      return refuse(reply, deps.metrics, 503, 'not_ready', 'shutting down; retry', 5);
    return undefined;
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    deps.metrics.latency.observe(
      { route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    if (reply.statusCode >= 400)
      request.log.info(
        { method: request.method, route, status: reply.statusCode, ms: reply.elapsedTime },
        'request refused',
      );
  });
  app.setErrorHandler((error, _request, reply) => handleError(error, reply, deps));
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not found' }));
  alertsRoute(app, deps);
  probeRoutes(app, deps);
  return app;
}

export { refuse };
