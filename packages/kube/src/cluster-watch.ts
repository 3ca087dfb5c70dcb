import { CLUSTER_SNAPSHOT_SCHEMA, type ClusterSnapshot, type KubeObject } from '@trailmark/core';
import { createResourceInformer, type ResourceInformer } from './cluster-watch-informer.js';
import type { KubeError } from './error.js';
import { loadConfig, type ClusterAccess } from './kube-config.js';
import { sortObjects } from './object-order.js';
import { RESOURCES } from './resources.js';

/** Options of {@link createClusterWatch}. */
export interface ClusterWatchOptions extends ClusterAccess {
  /** The clock for `capturedAt` (default: the system clock). */
  now?: () => Date;
  /** A failure after the first sync (the watch retries it) or a malformed object (skipped). */
  onError?: (error: KubeError) => void;
  /** Lists every kind again this often, in ms, as a safety net (default 0: only on 410 Gone). */
  resyncMs?: number;
  /** `limit` of each list page (default 500). */
  pageSize?: number;
  /** Time allowed for each list request, in ms (default 30,000). */
  timeoutMs?: number;
  /** `timeoutSeconds` asked of each watch: the server ends it then, and it is re-watched (default 300-360, random). */
  watchTimeoutSeconds?: number;
  /** Pause before retrying a failed list or watch: doubled per failure, with jitter (default 1,000 up to 30,000 ms). */
  backoff?: { initialMs: number; maxMs: number };
  /** Listeners are called once per burst of changes, this long after the first (default 20 ms). */
  debounceMs?: number;
}

/** A live view of the cluster, kept current by list + watch. */
export interface ClusterWatch {
  /**
   * Lists every kind createClusterReader lists (same RESOURCES, same Secret handling), then watches;
   * resolves when every kind has been listed once and its watch started. Rejects with a KubeError
   * (exit 3 category; exit 2 for a bad kubeconfig) when a first list or watch fails.
   */
  start(): Promise<void>;
  /**
   * The current view, as createClusterReader.read() returns it (same shape and object order);
   * rebuilt only after a change, else the same object. `capturedAt` is when it was rebuilt.
   */
  snapshot(): ClusterSnapshot;
  /** Increments on every applied change: an object added, changed or deleted, by an event or a relist. */
  readonly version: number;
  /** True once every kind has been listed (stays true while a watch reconnects), until closed. */
  readonly synced: boolean;
  /** Called after changes (debounced); returns an unsubscribe. */
  onChange(listener: () => void): () => void;
  /** Stops every watch and retry; resolves when no request of this view is open. */
  close(): Promise<void>;
}

/**
 * A {@link ClusterWatch} over `@kubernetes/client-node` 1.4 informers (`ListWatch`), one per kind
 * of RESOURCES, through the same kubeconfig handling as createClusterReader (see
 * `createResourceInformer` for relist on 410, re-watch on stream end and backoff on failures).
 * Secrets: listed as `PartialObjectMetadataList` and watched as `PartialObjectMetadata` (the
 * `Accept` header is set on client-node's watch requests), so the API server sends no value; a
 * server that ignores it is covered too, as every object has `data`, `stringData` and the
 * last-applied annotation removed on arrival (`withoutSecretData`), before the cache holds it.
 */
export function createClusterWatch(options: ClusterWatchOptions): ClusterWatch {
  const now = options.now ?? (() => new Date());
  const listeners = new Set<() => void>();
  let informers: ResourceInformer[] = [];
  let source: ClusterSnapshot['source'] | undefined;
  let version = 0;
  let synced = false;
  let closed = false;
  // Read through a call after an await: `close()` may have run meanwhile.
  const isClosed = (): boolean => closed;
  let built: { version: number; snapshot: ClusterSnapshot } | undefined;
  let notify: NodeJS.Timeout | undefined;
  let resync: NodeJS.Timeout | undefined;
  const changed = (): void => {
    version++;
    if (notify !== undefined || closed) return;
    notify = setTimeout(() => {
      notify = undefined;
      for (const listener of [...listeners]) listener();
    }, options.debounceMs ?? 20);
  };
  const close = async (): Promise<void> => {
    closed = true;
    synced = false;
    clearTimeout(notify);
    clearInterval(resync);
    await Promise.all(informers.map((informer) => informer.close()));
  };
  return {
    start: async () => {
      if (informers.length > 0 || closed) throw new Error('a ClusterWatch starts once');
      const config = await loadConfig(options);
      source = { kind: 'cluster', context: config.context, server: config.server };
      const informerOptions = {
        pageSize: options.pageSize ?? 500,
        timeoutMs: options.timeoutMs ?? 30_000,
        timeoutSeconds: options.watchTimeoutSeconds ?? 300 + Math.floor(Math.random() * 60),
        backoff: options.backoff ?? { initialMs: 1_000, maxMs: 30_000 },
        onChange: changed,
        onError: (error: KubeError) => options.onError?.(error),
      };
      informers = RESOURCES.map((resource) =>
        createResourceInformer(config, resource, informerOptions),
      );
      try {
        await Promise.all(informers.map((informer) => informer.start()));
      } catch (error) {
        await close();
        throw error;
      }
      synced = !isClosed();
      if (options.resyncMs !== undefined && options.resyncMs > 0 && synced)
        resync = setInterval(() => {
          for (const informer of informers) informer.relist();
        }, options.resyncMs);
    },
    snapshot: () => {
      if (source === undefined) throw new Error('ClusterWatch.snapshot() before start()');
      if (built?.version !== version) {
        const objects: KubeObject[] = informers.flatMap((informer) => informer.objects());
        built = {
          version,
          snapshot: {
            schema: CLUSTER_SNAPSHOT_SCHEMA,
            capturedAt: now().toISOString(),
            source,
            objects: sortObjects(objects),
          },
        };
      }
      return built.snapshot;
    },
    get version() {
      return version;
    },
    get synced() {
      return synced;
    },
    onChange: (listener) => {
      const own = (): void => {
        listener();
      };
      listeners.add(own);
      return () => listeners.delete(own);
    },
    close,
  };
}
