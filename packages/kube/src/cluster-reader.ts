import { CLUSTER_SNAPSHOT_SCHEMA, type ClusterSnapshot, type KubeObject } from '@trailmark/core';
import { loadConfig, type ClusterAccess } from './kube-config.js';
import { listResource, type ListedResource } from './list-resource.js';
import { sortObjects } from './object-order.js';
import { RESOURCES, type ResourceInfo } from './resources.js';

/** Options of {@link createClusterReader}: where the cluster is, and how hard to ask it. */
export interface ClusterReaderOptions extends ClusterAccess {
  /** `limit` of each list page (default 500, as kubectl's `--chunk-size`). */
  pageSize?: number;
  /** Lists running at once (default 4). */
  concurrency?: number;
  /** Time allowed for each request, in ms (default 30,000). */
  timeoutMs?: number;
  /** The clock for `capturedAt` (default: the system clock). */
  now?: () => Date;
  /** Called when one resource has been listed completely. */
  onListed?: (resource: ResourceInfo, listed: ListedResource) => void;
}

/** Reads a live cluster. */
export interface ClusterReader {
  /** Lists every snapshot kind in all namespaces and returns them as one snapshot. */
  read(): Promise<ClusterSnapshot>;
}

/**
 * A read-only reader of a live cluster through `@kubernetes/client-node` 1.4: the kubeconfig (or
 * in-cluster service account) gives the server, TLS and credentials; each kind of
 * `SNAPSHOT_KINDS` is listed cluster-wide (`list` verb only), paginated, a few at a time, each
 * request under a timeout. Secrets are read as metadata only. Errors are `KubeError`s: see
 * `KubeErrorCode`.
 */
export function createClusterReader(options: ClusterReaderOptions): ClusterReader {
  const paging = { pageSize: options.pageSize ?? 500, timeoutMs: options.timeoutMs ?? 30_000 };
  const concurrency = Math.max(1, options.concurrency ?? 4);
  return {
    read: async () => {
      const config = await loadConfig(options);
      const now = options.now ?? (() => new Date());
      const capturedAt = now().toISOString();
      const lists = await mapBounded(RESOURCES, concurrency, async (resource) => {
        const listed = await listResource(config, resource, paging);
        options.onListed?.(resource, listed);
        return listed.objects;
      });
      const objects: KubeObject[] = lists.flat();
      return {
        schema: CLUSTER_SNAPSHOT_SCHEMA,
        capturedAt,
        source: { kind: 'cluster', context: config.context, server: config.server },
        objects: sortObjects(objects),
      };
    },
  };
}

/** `work` over `items`, at most `limit` at a time, results in input order; the first failure wins. */
async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    // After a failure no new item is started: the read has already failed.
    while (next < items.length && !failed) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
