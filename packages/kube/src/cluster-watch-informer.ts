import { ListWatch, type KubernetesObject } from '@kubernetes/client-node';
import { foreignCause, type KubeObject } from '@trailmark/core';
import { ResourceWatch } from './cluster-watch-stream.js';
import { KubeError } from './error.js';
import type { LoadedConfig } from './kube-config.js';
import { listResource, type PagingOptions } from './list-resource.js';
import { statusError } from './map-status.js';
import { listPath, type ResourceInfo } from './resources.js';

/** How one resource is kept: paging of its lists, the watch timeout, the pause between retries. */
export interface InformerOptions extends PagingOptions {
  timeoutSeconds: number;
  backoff: { initialMs: number; maxMs: number };
  /** An object of this resource was added, changed or deleted. */
  onChange: () => void;
  /** A failure after the first sync (retried), or a malformed object (skipped). */
  onError: (error: KubeError) => void;
}

/** One resource listed, then watched, by a client-node `ListWatch`; its cache is the view. */
export interface ResourceInformer {
  /** Lists and starts watching; rejects with the first failure (nothing is retried then). */
  start: () => Promise<void>;
  objects: () => readonly KubeObject[];
  /** Lists again now (as after a 410), then watches from the new list. */
  relist: () => void;
  close: () => Promise<void>;
}

/**
 * The informer of `resource`. client-node's ListWatch lists (through {@link listResource}: paged,
 * Secrets metadata only), watches from the list's resourceVersion, re-watches from the last
 * resourceVersion seen when a stream ends, and lists again on 410 Gone (an `ERROR` event with a
 * 410 Status, or HTTP 410 at watch start). It gives up on any other failure (a list or watch
 * error, the server unreachable): here it is then started again after a pause that doubles
 * (with jitter) up to `backoff.maxMs`, and resets once a list succeeds or a stream delivers.
 */
export function createResourceInformer(
  config: LoadedConfig,
  resource: ResourceInfo,
  options: InformerOptions,
): ResourceInformer {
  let phase: 'idle' | 'starting' | 'running' | 'closed' = 'idle';
  let failures = 0;
  let firstError: KubeError | undefined;
  let retry: NodeJS.Timeout | undefined;
  let listing: Promise<unknown> = Promise.resolve();
  const stream = new ResourceWatch(
    config.kubeConfig,
    resource,
    config.server,
    {
      onMalformed: (error) => {
        options.onError(asKubeError(error, config, resource));
      },
      onAlive: () => {
        failures = 0;
      },
    },
    options.timeoutSeconds,
  );
  const list = async (): Promise<{
    metadata: { resourceVersion?: string };
    items: KubernetesObject[];
  }> => {
    const promise = listResource(config, resource, options);
    listing = promise.catch(() => undefined);
    const listed = await promise;
    failures = 0;
    const metadata =
      listed.resourceVersion === undefined ? {} : { resourceVersion: listed.resourceVersion };
    return { metadata, items: listed.objects as unknown as KubernetesObject[] };
  };
  const informer = new ListWatch<KubernetesObject>(listPath(resource), stream, list, false);
  for (const verb of ['add', 'update', 'delete'] as const) informer.on(verb, options.onChange);
  informer.on('error', (error: unknown) => {
    const failure = asKubeError(error, config, resource);
    if (phase === 'starting') {
      firstError ??= failure;
      return;
    }
    if (phase !== 'running') return;
    options.onError(failure);
    const ceiling = Math.min(options.backoff.maxMs, options.backoff.initialMs * 2 ** failures++);
    retry = setTimeout(
      () => {
        retry = undefined;
        if (phase === 'running') informer.start().catch(() => undefined);
      },
      ceiling / 2 + (Math.random() * ceiling) / 2,
    );
  });
  return {
    start: async () => {
      phase = 'starting';
      await informer.start();
      if (firstError !== undefined) throw firstError;
      phase = 'running';
    },
    // The cache holds what `list` and the stream gave it: whole KubeObjects (client-node's type
    // differs only in how it would revive timestamps, which it does not do here).
    objects: () => informer.list() as unknown as readonly KubeObject[],
    relist: () => {
      stream.relist();
    },
    close: async () => {
      phase = 'closed';
      clearTimeout(retry);
      await informer.stop();
      await listing;
      // After the list: a list that ends during close starts a watch, which `stream` refuses.
      await stream.close();
    },
  };
}

/** A failure of client-node's Watch (an HTTP status, a network error) as a {@link KubeError}. */
function asKubeError(error: unknown, config: LoadedConfig, resource: ResourceInfo): KubeError {
  if (error instanceof KubeError) return error;
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number')
    return statusError(status, undefined, { server: config.server, resource, verb: 'watch' });
  const code = (error as { code?: unknown }).code;
  const what = typeof code === 'string' ? code : error instanceof Error ? error.name : 'failed';
  return new KubeError(
    'KUBE_UNREACHABLE',
    `the watch of ${resource.resource} on ${config.server} failed (${what})`,
    { cause: foreignCause(error) },
  );
}
