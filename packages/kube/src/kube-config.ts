import { isIPv6 } from 'node:net';
import { join } from 'node:path';
import { foreignCause } from '@trailmark/core';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeError } from './error.js';

/** Where the API server and credentials come from. Exactly one of the three forms is used. */
export interface ClusterAccess {
  /** kubeconfig files, merged in order like `KUBECONFIG=a:b` (the first one's current context wins). */
  kubeconfigPaths?: readonly string[];
  /** A kubeconfig as text (e.g. from a CI secret). */
  kubeconfigText?: string;
  /** Use this context instead of the kubeconfig's current one. */
  context?: string;
  /**
   * In-cluster service account: the API server's host and port (the pod's
   * `KUBERNETES_SERVICE_HOST`/`_PORT`, passed as values) and the directory holding `token`,
   * `ca.crt` (default `/var/run/secrets/kubernetes.io/serviceaccount`). The token file is re-read
   * as client-node does (it is rotated).
   */
  inCluster?: { host: string; port: string; serviceAccountDir?: string };
}

/** A loaded configuration: client-node's object, and the names for messages. */
export interface LoadedConfig {
  kubeConfig: KubeConfig;
  context: string;
  server: string;
}

/** The default service account directory of a pod. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * Loads the kubeconfig (or in-cluster settings) through `@kubernetes/client-node` and selects the
 * context. A missing or malformed file, an unknown context, or a context without a cluster is
 * `KUBE_CONFIG` (exit 2), naming the file and the contexts there are.
 */
export async function loadConfig(access: ClusterAccess): Promise<LoadedConfig> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kubeConfig = new KubeConfig();
  const origin = loadInto(kubeConfig, access, () => new KubeConfig());
  if (access.context !== undefined) {
    if (kubeConfig.getContextObject(access.context) === null)
      throw configError(
        `${origin}: no context "${access.context}" (contexts: ${namesOf(kubeConfig) || 'none'})`,
      );
    kubeConfig.setCurrentContext(access.context);
  }
  const context = kubeConfig.getCurrentContext();
  if (!context)
    throw configError(
      `${origin}: no current context; pass --context (contexts: ${namesOf(kubeConfig) || 'none'})`,
    );
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster?.server)
    throw configError(`${origin}: context "${context}" names no cluster with a server URL`);
  return { kubeConfig, context, server: cluster.server };
}

// Fills `config` from the one form given; returns how to name it in messages.
function loadInto(config: KubeConfig, access: ClusterAccess, fresh: () => KubeConfig): string {
  if (access.inCluster !== undefined) {
    config.loadFromOptions(inClusterOptions(access.inCluster));
    return 'in-cluster service account';
  }
  if (access.kubeconfigText !== undefined) {
    load('the kubeconfig text', () => {
      config.loadFromString(access.kubeconfigText ?? '');
    });
    return 'the kubeconfig';
  }
  const [first, ...rest] = access.kubeconfigPaths ?? [];
  if (first === undefined)
    throw configError('no kubeconfig: pass --kubeconfig FILE, or set KUBECONFIG');
  load(first, () => {
    config.loadFromFile(first);
  });
  for (const path of rest) {
    const more = fresh();
    load(path, () => {
      more.loadFromFile(path);
    });
    config.mergeConfig(more, true);
  }
  return [first, ...rest].join(':');
}

function load(what: string, run: () => void): void {
  try {
    run();
  } catch (error) {
    // A filesystem error is kept as the cause; a parse error is not: its message quotes the
    // kubeconfig around the error, and a kubeconfig holds tokens and keys.
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string')
      throw configError(`${what}: cannot read the kubeconfig (${code})`, error);
    const first = error instanceof Error ? (error.message.split('\n')[0] ?? '') : '';
    const position = /\(\d+:\d+\)$/.exec(first)?.[0];
    throw configError(
      `${what}: not a valid kubeconfig${position === undefined ? '' : ` at ${position}`}`,
    );
  }
}

// What client-node's loadFromCluster builds, from values instead of process.env.
function inClusterOptions(inCluster: NonNullable<ClusterAccess['inCluster']>): object {
  const dir = inCluster.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
  const host = isIPv6(inCluster.host) ? `[${inCluster.host}]` : inCluster.host;
  return {
    clusters: [
      {
        name: 'inCluster',
        server: `https://${host}:${inCluster.port}`,
        caFile: join(dir, 'ca.crt'),
        skipTLSVerify: false,
      },
    ],
    users: [
      {
        name: 'inClusterUser',
        authProvider: { name: 'tokenFile', config: { tokenFile: join(dir, 'token') } },
      },
    ],
    contexts: [{ name: 'inClusterContext', cluster: 'inCluster', user: 'inClusterUser' }],
    currentContext: 'inClusterContext',
  };
}

function namesOf(config: KubeConfig): string {
  return config
    .getContexts()
    .map((context) => context.name)
    .join(', ');
}

function configError(message: string, cause?: unknown): KubeError {
  return new KubeError('KUBE_CONFIG', message, { cause: foreignCause(cause) });
}
