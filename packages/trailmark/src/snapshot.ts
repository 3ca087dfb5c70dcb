import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { SNAPSHOT_KINDS, type ClusterSnapshot } from '@trailmark/core';
import {
  KubeError,
  createClusterReader,
  parseClusterFile,
  toSnapshotJson,
  type ClusterAccess,
} from '@trailmark/kube';
import { kubeEnvironmentOf } from './config.js';
import { readText } from './read-file.js';
import type { Environment } from './run-facts.js';
import { schemaValidator } from './schemas.js';
import { writeFilesAtomic } from './write-output.js';

/** Options of {@link readCluster}: a file, or a live cluster. */
export interface ReadClusterOptions {
  /** Working directory: relative paths are resolved against it. */
  cwd: string;
  /** The process environment, as a value (`KUBECONFIG`, `HOME`, `KUBERNETES_SERVICE_*`). */
  env: Environment;
  /**
   * A cluster file (`--snapshot`): a `trailmark snapshot` file or `kubectl get … -o json|yaml`
   * output. When given, no cluster is contacted.
   */
  snapshot?: string;
  /** A kubeconfig file (`--kubeconfig`); else `KUBECONFIG`, the pod's service account, `~/.kube/config`. */
  kubeconfig?: string;
  /** A kubeconfig context (`--context`); else the kubeconfig's current context. */
  context?: string;
  /** Time allowed for each API request, in ms (default 30,000). */
  timeoutMs?: number;
  /** `limit` of each list page (default 500). */
  pageSize?: number;
  /** The clock for `capturedAt` of a live read (default: the system clock). */
  clock?: () => Date;
}

/**
 * The cluster as verify and trace see it: read from `--snapshot FILE` (a snapshot or a kubectl
 * list, Secret values dropped as it is parsed) or from a live cluster through the `kube` adapter
 * (read-only lists, Secrets as metadata only). A bad file or kubeconfig is an input error (exit 2);
 * an API server that cannot be reached or refuses is exit 3.
 */
export async function readCluster(options: ReadClusterOptions): Promise<ClusterSnapshot> {
  if (options.snapshot !== undefined) return readClusterFile(options.cwd, options.snapshot);
  const reader = createClusterReader({
    ...clusterAccessOf(options),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
    ...(options.clock === undefined ? {} : { now: options.clock }),
  });
  return reader.read();
}

/** Reads and parses a cluster file (see {@link readCluster}), validating snapshot files against their schema. */
export async function readClusterFile(cwd: string, file: string): Promise<ClusterSnapshot> {
  const text = await readText(resolve(cwd, file), {
    path: file,
    expected: 'a cluster snapshot or kubectl list (--snapshot)',
  });
  return parseClusterFile(text, file, { validateSnapshot: schemaValidator('cluster-snapshot.v1') });
}

/**
 * Where the cluster is, in the order kubectl looks, except that a pod's service account is used
 * before `~/.kube/config`: `--kubeconfig`, then `KUBECONFIG`, then in-cluster when
 * `KUBERNETES_SERVICE_HOST` is set, then `~/.kube/config`.
 */
export function clusterAccessOf(options: ReadClusterOptions): ClusterAccess {
  const context = options.context === undefined ? {} : { context: options.context };
  const kube = kubeEnvironmentOf(options.env);
  if (options.kubeconfig !== undefined)
    return { kubeconfigPaths: [resolve(options.cwd, options.kubeconfig)], ...context };
  if (kube.kubeconfig !== undefined)
    return {
      kubeconfigPaths: kube.kubeconfig.map((path) => resolve(options.cwd, path)),
      ...context,
    };
  if (kube.inCluster !== undefined) return { inCluster: kube.inCluster, ...context };
  const home = kube.home === undefined ? undefined : join(kube.home, '.kube', 'config');
  if (home !== undefined && existsSync(home)) return { kubeconfigPaths: [home], ...context };
  throw new KubeError(
    'KUBE_CONFIG',
    'no cluster to read: pass --kubeconfig FILE or --snapshot FILE, or set KUBECONFIG',
  );
}

/** Options of {@link snapshot}: where to read, and `output`, the file to write. */
export interface SnapshotOptions extends ReadClusterOptions {
  /** The snapshot file to write (`-o`), relative to `cwd`. */
  output: string;
}

/** What {@link snapshot} wrote. */
export interface SnapshotResult {
  /** The file written, as given. */
  output: string;
  /** Objects per kind, in `SNAPSHOT_KINDS` order (kinds with none left out). */
  counts: { kind: string; count: number }[];
  /** The context and server read (live), or the file converted. */
  source: ClusterSnapshot['source'];
  notes: string[];
}

/**
 * `trailmark snapshot`: reads the cluster (see {@link readCluster}; a `--snapshot` kubectl list is
 * converted) and writes the snapshot file atomically (`writeFilesAtomic`): deterministic JSON,
 * `schemas/cluster-snapshot.v1.schema.json`, Secrets as metadata only.
 */
export async function snapshot(options: SnapshotOptions): Promise<SnapshotResult> {
  const cluster = await readCluster(options);
  const json = toSnapshotJson(cluster);
  await writeFilesAtomic([
    {
      path: resolve(options.cwd, options.output),
      content: json,
      shown: options.output,
      expected: 'the snapshot (-o)',
    },
  ]);
  const counts = SNAPSHOT_KINDS.map((kind) => ({
    kind,
    count: cluster.objects.filter((object) => object.kind === kind).length,
  })).filter((entry) => entry.count > 0);
  return {
    output: shownPath(options.cwd, options.output),
    counts,
    source: cluster.source,
    notes: cluster.notes ?? [],
  };
}

function shownPath(cwd: string, path: string): string {
  return isAbsolute(path) ? path : relative(cwd, resolve(cwd, path)) || path;
}
