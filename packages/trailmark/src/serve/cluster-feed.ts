import { scrubSecrets } from '@trailmark/core';
import { createClusterWatch } from '@trailmark/kube';
import type { Logger } from 'pino';
import { clusterAccessOf } from '../snapshot.js';
import type { Environment } from '../run-facts.js';
import type { ClusterFeed } from './view.js';

/** Where the live cluster is: the kubeconfig (or the pod's service account) and context. */
export interface LiveCluster {
  cwd: string;
  env: Environment;
  kubeconfig?: string;
  context?: string;
  now: () => Date;
  logger: Logger;
}

/**
 * Lists and watches the cluster (informers; 410 Gone → relist) and resolves once every kind is
 * listed. A first list that fails rejects with the kube adapter's error (exit 3, or 2 for a bad
 * kubeconfig); later failures are logged while the watch retries, the last view kept.
 */
export async function startClusterFeed(live: LiveCluster): Promise<ClusterFeed> {
  const watch = createClusterWatch({
    ...clusterAccessOf({
      cwd: live.cwd,
      env: live.env,
      ...(live.kubeconfig === undefined ? {} : { kubeconfig: live.kubeconfig }),
      ...(live.context === undefined ? {} : { context: live.context }),
    }),
    now: live.now,
    onError: (error) => {
      live.logger.warn({ code: error.code }, scrubSecrets(error.message));
    },
  });
  await watch.start();
  return {
    get synced() {
      return watch.synced;
    },
    get version() {
      return watch.version;
    },
    snapshot: () => watch.snapshot(),
    close: () => watch.close(),
  };
}
