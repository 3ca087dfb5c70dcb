import type { ClusterSnapshot } from '@trailmark/core';
import { createTracer, type Tracer } from '../tracer.js';
import { readVerifyInputs, type VerifyInputs, type VerifyOptions } from '../verify.js';

/** A cluster as serve sees it: a version that changes when the cluster does, and its snapshot. */
export interface ClusterFeed {
  synced: boolean;
  version: number;
  snapshot(): ClusterSnapshot;
  close(): Promise<void> | void;
}

/** The tracer of the current view, rebuilt when the view's version moves. */
export interface ServeView {
  /** True once the first view is loaded (and, with a watch, synced). */
  readonly ready: boolean;
  readonly version: number;
  /** The tracer of the current version (built at most once per version and per `minRebuildMs`). */
  tracer(): Tracer;
  warnings: readonly string[];
  close(): Promise<void>;
}

/** Options of {@link createServeView}. */
export interface ServeViewOptions {
  verify: VerifyOptions;
  /** A live feed (list + watch); without one, the cluster is read once (snapshot or live). */
  feed?: ClusterFeed;
  now: () => Date;
  /** Rebuilding evaluates every workload: not more often than this (default 1 s). */
  minRebuildMs?: number;
}

/**
 * Reads the evidence and policy once (what verify reads) and the cluster — once, or from a feed
 * that keeps it current — and hands out one tracer per view version.
 */
export async function createServeView(options: ServeViewOptions): Promise<ServeView> {
  const inputs = await readVerifyInputs(options.verify);
  const { feed } = options;
  const minRebuildMs = options.minRebuildMs ?? 1000;
  let built = { version: feed?.version ?? 0, at: 0, tracer: tracerOf(inputs, inputs.snapshot) };
  if (feed !== undefined) built.tracer = tracerOf(inputs, feed.snapshot(), options.now());
  return {
    get ready() {
      return feed === undefined || feed.synced;
    },
    get version() {
      return feed?.version ?? 0;
    },
    warnings: inputs.warnings,
    tracer() {
      if (feed === undefined || feed.version === built.version) return built.tracer;
      const now = options.now();
      if (now.getTime() - built.at < minRebuildMs) return built.tracer;
      built = {
        version: feed.version,
        at: now.getTime(),
        tracer: tracerOf(inputs, feed.snapshot(), now),
      };
      return built.tracer;
    },
    async close() {
      await feed?.close();
    },
  };
}

function tracerOf(inputs: VerifyInputs, snapshot: ClusterSnapshot, now = inputs.now): Tracer {
  return createTracer({
    snapshot,
    evidence: inputs.evidence,
    policy: inputs.policy,
    digestAliases: inputs.digestAliases,
    now,
  });
}
