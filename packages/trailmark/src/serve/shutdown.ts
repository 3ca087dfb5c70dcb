import type { FastifyInstance } from 'fastify';
import type { CommitQueue } from './commit-queue.js';
import type { ServeView } from './view.js';
import type { WorkerPool } from './worker.js';

/** What is stopped on SIGTERM, in order. */
export interface Running {
  app: FastifyInstance;
  queue: CommitQueue;
  workers: WorkerPool;
  view: ServeView;
  timeoutMs: number;
}

/**
 * Drains: the server stops listening and answers the requests in flight (each waits for its
 * commit, so nothing acknowledged is lost), then workers finish the jobs in hand — within the
 * timeout; a job cut short stays leased and is claimed again after its lease, its marker checked.
 */
export async function shutDown(running: Running): Promise<void> {
  const started = Date.now();
  await running.app.close();
  await running.queue.drained();
  await running.workers.stop(Math.max(0, running.timeoutMs - (Date.now() - started)));
  await running.view.close();
}
