import type { FastifyInstance } from 'fastify';
import type { HttpDeps } from './http-server.js';

/** `/healthz` (the process answers), `/readyz` (view synced, store reachable), `/metrics`. */
export function probeRoutes(app: FastifyInstance, deps: HttpDeps): void {
  app.get('/healthz', async (_request, reply) => reply.send({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const store = await deps.outbox.ping().then(
      () => true,
      () => false,
    );
    const view = deps.view.ready;
    const ready = store && view && !deps.draining();
    return reply.code(ready ? 200 : 503).send({
      ready,
      view: view ? 'synced' : 'syncing',
      viewVersion: deps.view.version,
      store: store ? 'ok' : 'unreachable',
      ...(deps.draining() ? { draining: true } : {}),
    });
  });
  app.get('/metrics', async (_request, reply) => {
    const text = await deps.metrics.registry.metrics();
    return reply.header('content-type', deps.metrics.registry.contentType).send(text);
  });
}
