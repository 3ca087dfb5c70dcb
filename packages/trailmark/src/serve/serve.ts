import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { DestinationStream } from 'pino';
import { resolveConfig } from '../config.js';
import type { IdentityFlags } from '../load-verify-policy.js';
import type { Environment } from '../run-facts.js';
import type { VerifyOptions } from '../verify.js';
import { aborted, liveFeed, readRequestSecrets, verifyOptionsOf } from './serve-inputs.js';
import { createRequestAuth } from './auth.js';
import { createCommitQueue } from './commit-queue.js';
import { resolveServeSettings } from './config.js';
import { setUpEscalation } from './escalation-setup.js';
import { createHttpServer } from './http-server.js';
import { LATE_RESOLUTION_MS } from './late-resolution.js';
import { retentionMs } from './retention.js';
import { listen, parseListen } from './listen-address.js';
import { createServeLogger } from './logger.js';
import { createServeMetrics } from './metrics.js';
import { openServeOutbox, shownStoreUrl } from './open-outbox.js';
import type { ServeSettings } from './settings.js';
import { shutDown } from './shutdown.js';
import { createServeView, type ClusterFeed } from './view.js';
import { startWorkers } from './worker.js';

/** Options of {@link serve}. */
export interface ServeOptions {
  cwd: string;
  env: Environment;
  /** Settings from the command line (unset flags left out). */
  flags: Partial<ServeSettings>;
  configFile?: string;
  /** Signers trusted besides the policy's (`--certificate-identity …`). */
  identities?: IdentityFlags;
  /** Evidence sources besides bundle directories (`--oci`, `--github-attestations`). */
  evidence?: Pick<VerifyOptions, 'oci' | 'registryInsecure' | 'githubRepositories'>;
  /** Aborted on SIGTERM/SIGINT: serve drains and resolves. */
  signal: AbortSignal;
  /** Where the JSON log goes (default stderr). */
  logStream?: DestinationStream;
  /** Called once listening, with `http://HOST:PORT`. */
  onListening?: (url: string) => void;
  /** A live cluster feed (default without `--snapshot`: list + watch of the kubeconfig's cluster). */
  clusterFeed?: ClusterFeed;
  fetch?: typeof fetch;
}

/**
 * `trailmark serve`: the alert webhook. Reads its settings, the token, the evidence and the
 * cluster view; opens the outbox; starts the escalation workers and the HTTP server; on `signal`
 * drains (new alerts 503, requests in flight answered, jobs in hand finished within the shutdown
 * timeout), closes the store and resolves.
 */
export async function serve(options: ServeOptions): Promise<void> {
  const settings = await resolveServeSettings(options);
  const address = parseListen(settings.listen);
  const config = await resolveConfig({ env: options.env });
  const { token, hmac } = await readRequestSecrets(options.cwd, settings);
  const logger = createServeLogger(options.logStream);
  const outbox = await openServeOutbox(settings.store, options.cwd);
  let draining = false;
  const queue = createCommitQueue(outbox, { capacity: settings.queueSize });
  const metrics = createServeMetrics({
    queueDepth: async () => {
      const stats = await outbox.stats();
      return stats.pending + stats.inflight + queue.depth;
    },
    deadLettered: async () => (await outbox.stats()).dead,
  });
  try {
    const escalation = await setUpEscalation({
      settings,
      config,
      cwd: options.cwd,
      outbox,
      metrics,
      logger,
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    });
    const feed = options.clusterFeed ?? (await liveFeed(options, settings, config.clock, logger));
    const view = await createServeView({
      verify: verifyOptionsOf(options, settings),
      now: config.clock,
      ...(feed === undefined ? {} : { feed }),
    });
    for (const warning of view.warnings) logger.warn(warning);
    const workers = startWorkers({
      outbox,
      owner: `${hostname()}/${String(process.pid)}/${randomUUID().slice(0, 8)}`,
      count: settings.workers,
      maxAttempts: settings.maxAttempts,
      leaseMs: settings.leaseMs,
      retainDoneMs: retentionMs(settings.retainDone),
      escalation,
      logger,
      now: () => config.clock().getTime(),
      ...(feed === undefined
        ? {}
        : {
            late: {
              retrace: (alert) => view.tracer()(alert, config.clock()),
              graceMs: LATE_RESOLUTION_MS,
            },
          }),
    });
    const app = createHttpServer({
      auth: createRequestAuth(token, hmac),
      metrics,
      view,
      queue,
      onCommitted: () => {
        workers.wake();
      },
      outbox,
      logger,
      draining: () => draining,
      maxBody: settings.maxBody,
      requestTimeoutMs: settings.requestTimeoutMs,
      now: config.clock,
    });
    const url = await listen(app, address, settings.listen);
    logger.info({ url, store: shownStoreUrl(settings.store) }, 'listening');
    options.onListening?.(url);
    await aborted(options.signal);
    draining = true;
    logger.info('SIGTERM: draining');
    await shutDown({ app, queue, workers, view, timeoutMs: settings.shutdownTimeoutMs });
  } finally {
    await outbox.close();
    logger.info('stopped');
    logger.flush();
  }
}
